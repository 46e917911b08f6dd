package dev.jwtrevocation.support;

import java.time.Instant;

import dev.jwtrevocation.revocation.RevocableToken;

/**
 * A verified token as the revocation core sees it, built by hand: what a test checks
 * against the denylist without signing anything.
 */
public record TestToken(String subject, String id, String sessionId, long issuedAtMillis, Instant expiresAt,
		String keyId, String clientId) implements RevocableToken {

	public TestToken(String subject, String id, String sessionId, long issuedAtMillis, Instant expiresAt,
			String keyId) {
		this(subject, id, sessionId, issuedAtMillis, expiresAt, keyId, null);
	}

	public TestToken(String subject, String id, String sessionId, long issuedAtMillis, Instant expiresAt) {
		this(subject, id, sessionId, issuedAtMillis, expiresAt, null);
	}

}
