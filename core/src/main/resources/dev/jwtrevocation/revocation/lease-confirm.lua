-- A mirror has applied every push up to one of its heartbeats (LeaseScripts).
-- When this confirmation is the last one the latest waiting revocation counted on, it writes
-- the confirmed key under the tracked prefix, whose push wakes the revokers at once; they
-- check the registry themselves (lease-await.lua), so a count that is off by a mirror whose
-- lease ended only means waking early, or polling as before.
-- KEYS[1] the lease registry (jr:lease:{#}:mirrors)
-- KEYS[2] the latest revocation waiting (jr:lease:{#}:waiting)
-- KEYS[3] the confirmed key (jr:r:{#}:confirmed)
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
	local waiting = tonumber(redis.call('HGET', KEYS[2], 'seq'))
	if waiting and confirmed < waiting and waiting <= seq and first < waiting then
		-- HGET and HSET only, like the rest: a resource server's read-only user may run them
		local left = (tonumber(redis.call('HGET', KEYS[2], 'pending')) or 0) - 1
		if left <= 0 then
			redis.call('HSET', KEYS[2], 'seq', 0, 'pending', 0)
			redis.call('SET', KEYS[3], string.format('%d', waiting), 'PX', 60000)
		else
			redis.call('HSET', KEYS[2], 'pending', left)
		end
	end
end
return 1
