-- A cutoff at a given instant (RevocationStore): the global one, or a client's. It only
-- moves forward, and lives at least as long as it already did.
-- KEYS[1] the cutoff (jr:r:{!}:cutoff, jr:r:{!c:<client_id>}:cutoff)
-- KEYS[2] the change log (jr:log:{#}), or, when it is off, KEYS[1] again
-- ARGV[1] its TTL, ms
-- ARGV[2] the cutoff, ms ('0': Redis's clock now)
-- ARGV[3] the most entries the change log keeps, '0' when it is off (ChangeLog)
-- Returns the cutoff held, ms.

local millis = tonumber(ARGV[2])
if millis == 0 then
	local now = redis.call('TIME')
	millis = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
end
local held = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
local ttl = math.max(tonumber(ARGV[1]), redis.call('PTTL', KEYS[1]))
millis = math.max(millis, held)
redis.call('SET', KEYS[1], string.format('%d', millis), 'PX', ttl)
if ARGV[3] ~= '0' then redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'k', KEYS[1]) end
return millis
