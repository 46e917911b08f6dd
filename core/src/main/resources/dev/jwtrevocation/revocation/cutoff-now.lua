-- A logout-all cutoff at Redis's clock (RevocationStore): every token of the user issued up
-- to now is refused.
-- KEYS[1] the user's cutoff (jr:r:{<user>}:cutoff)
-- ARGV[1] its TTL, ms
-- Returns the cutoff, ms on Redis's clock.

local now = redis.call('TIME')
local millis = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('SET', KEYS[1], millis, 'PX', ARGV[1])
return millis
