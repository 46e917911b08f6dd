package dev.jwtrevocation.starter;

import java.time.Instant;

import dev.jwtrevocation.revocation.RevocableToken;

/**
 * A decoded access token as the denylist sees it ({@link RevocableJwtReader} reads it):
 * its subject (namespaced by issuer for an OpenID provider's token), {@code jti},
 * {@code sid}, issue time in milliseconds, expiry, and {@code kid} header (a compromised
 * key's tokens are all refused).
 */
record JwtRevocableToken(String subject, String sessionOwner, String id, String sessionId, long issuedAtMillis,
		Instant expiresAt, String keyId) implements RevocableToken {

	/** A token of jwt-revocation's service: its sessions are its user's. */
	JwtRevocableToken(String subject, String id, String sessionId, long issuedAtMillis, Instant expiresAt,
			String keyId) {
		this(subject, subject, id, sessionId, issuedAtMillis, expiresAt, keyId);
	}

}
