-- Gives one reservation back to each counter (LoginThrottle): a successful login.
-- KEYS[i] the i-th counter (any number of them)
-- Returns 1.

for _, key in ipairs(KEYS) do
	if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
return 1
