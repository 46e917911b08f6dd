-- Lifts one key an operator's revocation wrote (RevocationStore#lift): deleted only if it
-- still holds what was written, so that a later revocation of the same key (a cutoff moved
-- further) stays.
-- KEYS[1] the key
-- ARGV[1] the value written ('': delete it whatever it holds)
-- Returns 1 if it deleted the key, else 0.

if ARGV[1] ~= '' and redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
