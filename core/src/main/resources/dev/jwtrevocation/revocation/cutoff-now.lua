-- A logout-all cutoff (RevocationStore): every token of the user issued up to the cutoff is
-- refused. The cutoff is Redis's clock now, or later: never earlier than ARGV[2], and never
-- earlier than the cutoff already held, so that a cutoff only moves forward.
-- KEYS[1] the user's cutoff (jr:r:{<user>}:cutoff)
-- KEYS[2] the change log (jr:log:{#}), or, when it is off, KEYS[1] again
-- ARGV[1] its TTL, ms
-- ARGV[2] the earliest cutoff, ms ('0': Redis's clock decides)
-- ARGV[3] the most entries the change log keeps, '0' when it is off (ChangeLog)
-- Returns the cutoff, ms.

local now = redis.call('TIME')
local millis = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local held = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
millis = math.max(millis, tonumber(ARGV[2]), held)
redis.call('SET', KEYS[1], string.format('%d', millis), 'PX', ARGV[1])
if ARGV[3] ~= '0' then redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'k', KEYS[1]) end
return millis
