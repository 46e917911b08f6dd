-- A revoking script's body (SessionStore, RevokingScript): a logout. The presented token is
-- revoked by its jti; a session key is written only if the session may hold another live
-- access token: one issued after the presented one, or, when the presented one is its
-- latest, the one before it.
-- KEYS[1] the session (jr:session:{<user>}:<sid>)
-- KEYS[2] the user's session index (jr:sessions:{<user>})
-- ARGV[1] the session id
-- ARGV[2] the presented token's iat_ms
-- Returns 1 if the session existed, else 0.

local function delete_session()
	redis.call('DEL', KEYS[1])
	redis.call('SREM', KEYS[2], ARGV[1])
end
revoke_token()
local session = redis.call('HMGET', KEYS[1], 'last_used_ms', 'prev_used_ms')
delete_session()
if not session[1] then return 0 end
local last = tonumber(session[1])
local other = (last > tonumber(ARGV[2])) and last or tonumber(session[2] or '0')
if other > 0 then revoke_session(other) end
return 1
