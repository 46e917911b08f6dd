-- One revocation key for a while (RevocationStore): a compromised signing key's entry.
-- KEYS[1] the key (jr:r:{!}:k:<kid>)
-- ARGV[1] its TTL, ms
-- Returns 1.

redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return 1
