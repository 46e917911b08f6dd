-- One revocation key for a while (RevocationStore): a compromised signing key's entry.
-- KEYS[1] the key (jr:r:{!}:k:<kid>)
-- KEYS[2] the change log (jr:log:{#}), or, when it is off, KEYS[1] again
-- ARGV[1] its TTL, ms
-- ARGV[2] the most entries the change log keeps, '0' when it is off (ChangeLog)
-- Returns 1.

redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
if ARGV[2] ~= '0' then redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'k', KEYS[1]) end
return 1
