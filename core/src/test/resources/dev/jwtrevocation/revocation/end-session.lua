-- A revoking script's body for MirrorAgreementTests: ends a session as the service's
-- session-end.lua does, without the service's own keys.
-- ARGV[1] when the session's latest token was issued, ms on Redis's clock
-- Returns 1.

revoke_session(ARGV[1])
return 1
