-- Put before the body of every revoking script (RevokingScript): the functions that write
-- revocation keys, which only the core names and times, and append each key written to the
-- change log (ChangeLog). The core's KEYS and ARGV come after the body's and are hidden from it:
-- the body sees its own from index 1.
-- KEYS[#KEYS - 2] the token's key (jr:r:{<user>}:j:<jti>), or an unused name
-- KEYS[#KEYS - 1] the session's key (jr:r:{<user>}:s:<sid>), or an unused name
-- KEYS[#KEYS]     the change log (jr:log:{#}), or, when it is off, an unused name
-- ARGV[#ARGV - 3] the token key's TTL, ms, or '' when the revocation has no token
-- ARGV[#ARGV - 2] how long a session key lives after the issue of the session's latest token, ms
-- ARGV[#ARGV - 1] the prefix of the user's session keys (jr:r:{<user>}:s:)
-- ARGV[#ARGV]     the most entries the change log keeps, '0' when it is off
-- revoke_token(): the token of the revocation
-- revoke_session(last_issued_ms): every token of the revocation's session, for as long as the
--   latest, issued at last_issued_ms on Redis's clock, can be accepted (nothing if none can)
-- revoke_session_of(sid, last_issued_ms): the same for another session of the same user

local core_keys, core_args = #KEYS - 2, #ARGV - 3
local token_key, session_key, change_log = KEYS[core_keys], KEYS[core_keys + 1], KEYS[core_keys + 2]
local token_ttl, session_lifetime, session_prefix = ARGV[core_args], ARGV[core_args + 1], ARGV[core_args + 2]
local change_log_max = ARGV[core_args + 3]
local written = {}
local function log_change(key)
	if change_log_max ~= '0' then
		redis.call('XADD', change_log, 'MAXLEN', '~', change_log_max, '*', 'k', key)
	end
end
local function revoke_token()
	assert(token_ttl ~= '', 'this revocation has no token')
	redis.call('SET', token_key, '1', 'PX', token_ttl)
	log_change(token_key)
	table.insert(written, token_key)
	table.insert(written, tonumber(token_ttl))
end
local function revoke_session_of(sid, last_issued_ms)
	local key = sid and (session_prefix .. sid) or session_key
	local clock = redis.call('TIME')
	local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
	local ttl = tonumber(last_issued_ms) + tonumber(session_lifetime) - now
	if ttl > 0 then
		redis.call('SET', key, '1', 'PX', ttl)
		log_change(key)
		table.insert(written, key)
		table.insert(written, ttl)
	end
end
local function revoke_session(last_issued_ms)
	revoke_session_of(nil, last_issued_ms)
end
local KEYS = { unpack(KEYS, 1, core_keys - 1) }
local ARGV = { unpack(ARGV, 1, core_args - 1) }
local function body()
