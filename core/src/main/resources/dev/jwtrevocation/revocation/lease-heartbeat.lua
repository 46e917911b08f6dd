-- A mirror's heartbeat (LeaseScripts): writes the heartbeat key, whose push comes back
-- through the mirror's tracking connection, extends the lease the registry records for the
-- mirror from now, and registers the mirror on its first heartbeat. A registry entry is
-- "<lease end ms>:<confirmed seq>:<first seq>" on Redis's clock. It also answers the id of the
-- change log's latest entry (ChangeLog): every change logged up to it was pushed before this
-- heartbeat, so once its push arrives the copy holds them all, and a replay starts there.
-- KEYS[1] the sequence that orders heartbeats and revocations (jr:lease:{#}:seq)
-- KEYS[2] the lease registry, one field per mirror (jr:lease:{#}:mirrors)
-- KEYS[3] this heartbeat's key, under the mirror's own tracked prefix (jr:rh:<instance>:{#}:<n>)
-- ARGV[1] the mirror's instance id
-- ARGV[2] the lease, ms
-- ARGV[3] the heartbeat key's TTL, ms
-- ARGV[4] the change log (jr:log:{#}), '' on a cluster: read, never declared, so that a mirror's
--         read-only user needs no write access to it (EVAL asks write access to its KEYS)
-- Returns {the heartbeat's sequence number, the id of the change log's latest entry or ''}.

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
local latest = {}
if ARGV[4] ~= '' then latest = redis.call('XREVRANGE', ARGV[4], '+', '-', 'COUNT', 1) end
return { seq, (#latest > 0) and latest[1][1] or '' }
