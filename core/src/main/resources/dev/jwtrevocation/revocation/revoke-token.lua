-- A revoking script's body (RevokingScript): one token, outside any session script.
-- The token's key and TTL are the core's own KEYS and ARGV, hidden from the body.
-- Returns 1.

revoke_token()
return 1
