-- A mirror has applied every push up to one of its heartbeats (LeaseScripts).
-- KEYS[1] the lease registry (jr:lease:{#}:mirrors)
-- ARGV[1] the mirror's instance id
-- ARGV[2] the heartbeat's sequence number
-- Returns 1, or 0 when the mirror is not registered.

local function parse(entry)
	local lease_end, confirmed, first = string.match(entry, '^(%d+):(%d+):(%d+)$')
	return tonumber(lease_end), tonumber(confirmed), tonumber(first)
end
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if not entry then return 0 end
local lease_end, confirmed, first = parse(entry)
local seq = tonumber(ARGV[2])
if seq > confirmed then
	redis.call('HSET', KEYS[1], ARGV[1], string.format('%d:%d:%d', lease_end, seq, first))
end
return 1
