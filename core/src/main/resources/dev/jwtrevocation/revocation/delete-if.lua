-- Lifts one key an operator's revocation wrote (RevocationStore#lift): deleted only if it
-- still holds what was written, so that a later revocation of the same key (a cutoff moved
-- further) stays.
-- KEYS[1] the key
-- KEYS[2] the change log (jr:log:{#}), or, when it is off, KEYS[1] again
-- ARGV[1] the value written ('': delete it whatever it holds)
-- ARGV[2] the most entries the change log keeps, '0' when it is off (ChangeLog)
-- Returns 1 if it deleted the key, else 0.

if ARGV[1] ~= '' and redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local deleted = redis.call('DEL', KEYS[1])
if deleted == 1 and ARGV[2] ~= '0' then
	redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'k', KEYS[1])
end
return deleted
