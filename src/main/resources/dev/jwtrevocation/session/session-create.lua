-- A revoking script's body (SessionStore, RevokingScript): a new session. At the cap, the
-- user's oldest session ends first: its keys go and its tokens are revoked. The session is
-- stamped on Redis's clock, always after the user's logout-all cutoff.
-- KEYS[1] the session (jr:session:{<user>}:<sid>)
-- KEYS[2] the user's session index (jr:sessions:{<user>})
-- KEYS[3] the user's cutoff (jr:r:{<user>}:cutoff)
-- ARGV[1] the username
-- ARGV[2] the session id
-- ARGV[3] the refresh token's SHA-256
-- ARGV[4] the refresh-token TTL, ms
-- ARGV[5] the user agent
-- ARGV[6] the client address
-- ARGV[7] the most sessions a user may have
-- ARGV[8] the prefix of the user's session keys (jr:session:{<user>}:)
-- Returns the session's creation time, ms on Redis's clock.

local live, oldest, oldest_created, oldest_last = 0, nil, nil, nil
for _, sid in ipairs(redis.call('SMEMBERS', KEYS[2])) do
	local fields = redis.call('HMGET', ARGV[8] .. sid, 'created_ms', 'last_used_ms')
	if not fields[1] then
		redis.call('SREM', KEYS[2], sid)
	else
		live = live + 1
		if not oldest_created or tonumber(fields[1]) < oldest_created then
			oldest, oldest_created, oldest_last = sid, tonumber(fields[1]), fields[2]
		end
	end
end
if oldest and live >= tonumber(ARGV[7]) then
	redis.call('DEL', ARGV[8] .. oldest)
	redis.call('SREM', KEYS[2], oldest)
	revoke_session_of(oldest, oldest_last)
end
local cutoff = tonumber(redis.call('GET', KEYS[3]) or '0')
local now = redis.call('TIME')
local millis = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
if millis <= cutoff then millis = cutoff + 1 end
local stamp = string.format('%d', millis)
redis.call('HSET', KEYS[1], 'username', ARGV[1], 'refresh', ARGV[3], 'gen', '0', 'created_ms', stamp,
	'last_used_ms', stamp, 'user_agent', ARGV[5], 'ip', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return millis
