-- A mirror's heartbeat (LeaseScripts): writes the heartbeat key, whose push comes back
-- through the mirror's tracking connection, extends the lease the registry records for the
-- mirror from now, and registers the mirror on its first heartbeat. A registry entry is
-- "<lease end ms>:<confirmed seq>:<first seq>" on Redis's clock.
-- KEYS[1] the sequence that orders heartbeats and revocations (jr:lease:{#}:seq)
-- KEYS[2] the lease registry, one field per mirror (jr:lease:{#}:mirrors)
-- KEYS[3] this heartbeat's key, under the mirror's own tracked prefix (jr:rh:<instance>:{#}:<n>)
-- ARGV[1] the mirror's instance id
-- ARGV[2] the lease, ms
-- ARGV[3] the heartbeat key's TTL, ms
-- Returns the heartbeat's sequence number.

local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local function parse(entry)
	local lease_end, confirmed, first = string.match(entry, '^(%d+):(%d+):(%d+)$')
	return tonumber(lease_end), tonumber(confirmed), tonumber(first)
end
local seq = redis.call('INCR', KEYS[1])
redis.call('SET', KEYS[3], seq, 'PX', ARGV[3])
local lease_end, confirmed, first = now, 0, seq
local entry = redis.call('HGET', KEYS[2], ARGV[1])
if entry then lease_end, confirmed, first = parse(entry) end
lease_end = math.max(lease_end, now + tonumber(ARGV[2]))
redis.call('HSET', KEYS[2], ARGV[1], string.format('%d:%d:%d', lease_end, confirmed, first))
return seq
