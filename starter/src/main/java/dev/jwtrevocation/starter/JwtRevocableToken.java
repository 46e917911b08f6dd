package dev.jwtrevocation.starter;

import java.time.Instant;

import dev.jwtrevocation.revocation.RevocableToken;

/**
 * A decoded access token as the denylist sees it ({@link RevocableJwtReader} reads it):
 * its subject (namespaced by issuer for an OpenID provider's token), {@code jti},
 * {@code sid}, issue time in milliseconds, expiry, {@code kid} header (a compromised
 * key's tokens are all refused) and, for the service's own tokens, {@code client_id} (an
 * operator may refuse every token of a client).
 */
record JwtRevocableToken(String subject, String sessionOwner, String id, String sessionId, long issuedAtMillis,
		Instant expiresAt, String keyId, String clientId) implements RevocableToken {

	/** A token of jwt-revocation's service: its sessions are its user's. */
	JwtRevocableToken(String subject, String id, String sessionId, long issuedAtMillis, Instant expiresAt, String keyId,
			String clientId) {
		this(subject, subject, id, sessionId, issuedAtMillis, expiresAt, keyId, clientId);
	}

}
