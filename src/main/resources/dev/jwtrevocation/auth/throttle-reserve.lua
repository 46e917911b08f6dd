-- Reserves one attempt on every counter, or on none (LoginThrottle).
-- KEYS[i]       the i-th counter (jr:throttle:..., any number of them)
-- ARGV[2i - 1]  the i-th counter's limit
-- ARGV[2i]      the i-th counter's window, ms
-- Returns -1 when reserved, otherwise how long (ms) the longest exhausted counter still refuses.

local blocked = -1
for i, key in ipairs(KEYS) do
	if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[2 * i - 1]) then
		blocked = math.max(blocked, redis.call('PTTL', key))
	end
end
if blocked >= 0 then return blocked end
for i, key in ipairs(KEYS) do
	if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[2 * i]) end
end
return -1
