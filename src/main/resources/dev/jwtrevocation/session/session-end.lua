-- A revoking script's body (SessionStore, RevokingScript): ends a session and revokes
-- every token it may still hold.
-- KEYS[1] the session (jr:session:{<user>}:<sid>)
-- KEYS[2] the user's session index (jr:sessions:{<user>})
-- ARGV[1] the session id
-- Returns 1 if the session existed, else 0.

local function delete_session()
	redis.call('DEL', KEYS[1])
	redis.call('SREM', KEYS[2], ARGV[1])
end
local last = redis.call('HGET', KEYS[1], 'last_used_ms')
delete_session()
if not last then return 0 end
revoke_session(last)
return 1
