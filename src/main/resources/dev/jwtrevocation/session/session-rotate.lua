-- Rotates a session's refresh token (SessionStore): of two requests racing with one token,
-- exactly one sees it as current.
-- KEYS[1] the session (jr:session:{<user>}:<sid>)
-- KEYS[2] the user's session index (jr:sessions:{<user>})
-- KEYS[3] the user's cutoff (jr:r:{<user>}:cutoff)
-- KEYS[4] the retry marker of a lost rotation (jr:session:{<user>}:<sid>:lost)
-- ARGV[1] the session id
-- ARGV[2] the presented token's generation
-- ARGV[3] the presented token's SHA-256
-- ARGV[4] the next token's SHA-256
-- ARGV[5] the refresh-token TTL, ms
-- ARGV[6] the session's absolute lifetime, ms
-- ARGV[7] the most refreshes of one session per minute, earlier tokens presented included
-- ARGV[8] the reuse grace, ms
-- ARGV[9] how many generations back an earlier token may be before it counts as a refresh
-- ARGV[10] an operator's cutoff for every session of the client, global or the client's, ms
--   ('0': none), read by the caller: those keys live in other slots of a cluster
-- Returns {1, now ms, username}: rotated;
--   {2, current generation, current hash, last issue ms, username, within grace, retry
--   generation}: an earlier generation was presented (the caller checks that it is real,
--   then answers it again or ends the session);
--   {3, ms}: too many refreshes of this session, retry after; an earlier token more than
--   ARGV[9] generations back counts as a refresh, so that nobody can make the caller hash a
--   long stretch of a session's chain more often than it refreshes (a racing tab or a retry,
--   one generation back, costs one hash and is not counted);
--   {0}: unknown, ended, cut off, past its absolute lifetime, or forged.

local function delete_session()
	redis.call('DEL', KEYS[1])
	redis.call('SREM', KEYS[2], ARGV[1])
end
local session = redis.call('HMGET', KEYS[1], 'refresh', 'gen', 'created_ms', 'username', 'last_used_ms',
	'rl_start', 'rl_count')
if not session[1] then return {0} end
local cutoff = math.max(tonumber(redis.call('GET', KEYS[3]) or '0'), tonumber(ARGV[10]))
local now = redis.call('TIME')
local millis = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
if millis <= cutoff then millis = cutoff + 1 end
if tonumber(session[3]) <= cutoff or tonumber(session[3]) + tonumber(ARGV[6]) <= millis then
	delete_session()
	return {0}
end
local gen = tonumber(session[2])
local presented = tonumber(ARGV[2])
if presented > gen or (presented == gen and session[1] ~= ARGV[3]) then return {0} end
local counted = presented == gen or gen - presented > tonumber(ARGV[9])
-- the session's refreshes this minute, the one presented now included
local rl_start, rl_count = tonumber(session[6] or '0'), tonumber(session[7] or '0')
if millis - rl_start >= 60000 then rl_start, rl_count = millis, 0 end
if counted and rl_count >= tonumber(ARGV[7]) then return {3, rl_start + 60000 - millis} end
rl_start, rl_count = string.format('%d', rl_start), string.format('%d', rl_count + 1)
if presented == gen then
	local stamp = string.format('%d', millis)
	redis.call('HSET', KEYS[1], 'refresh', ARGV[4], 'gen', string.format('%d', gen + 1),
		'last_used_ms', stamp, 'prev_used_ms', session[5], 'rl_start', rl_start, 'rl_count', rl_count)
	redis.call('PEXPIRE', KEYS[1], ARGV[5])
	redis.call('PEXPIRE', KEYS[2], ARGV[5])
	return {1, stamp, session[4]}
end
if counted then redis.call('HSET', KEYS[1], 'rl_start', rl_start, 'rl_count', rl_count) end
local grace = tonumber(ARGV[8])
local within = (grace > 0 and tonumber(session[5]) + grace >= millis) and 1 or 0
return {2, gen, session[1], session[5], session[4], within, redis.call('GET', KEYS[4]) or ''}
