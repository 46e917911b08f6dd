-- One page of the mirror's snapshot (ServerFeed, ClusterFeed, per node): the next cursor,
-- then one line per revocation key of the page that still exists, "<pttl> <key>", or
-- "<pttl> <value> <key>" for a cutoff (one string per key decodes several times faster than
-- three elements); the lease keys are skipped.
-- ARGV[1] the SCAN cursor
-- ARGV[2] the MATCH pattern (jr:r:*)
-- ARGV[3] the COUNT hint
-- ARGV[4] the prefix of the lease keys, skipped (jr:r:{#)
-- ARGV[5] the suffix of a cutoff key (:cutoff)

local page = redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
local out = { page[1] }
for _, key in ipairs(page[2]) do
  if string.sub(key, 1, #ARGV[4]) ~= ARGV[4] then
    local ttl = redis.call('PTTL', key)
    if ttl ~= -2 then
      if string.sub(key, -#ARGV[5]) == ARGV[5] then
        local value = redis.call('GET', key)
        if value then
          out[#out + 1] = ttl .. ' ' .. value .. ' ' .. key
        end
      else
        out[#out + 1] = ttl .. ' ' .. key
      end
    end
  end
end
return out
