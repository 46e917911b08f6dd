package dev.jwtrevocation.revocation;

import java.time.Instant;

/**
 * What the denylist needs to know of a verified access token (RFC 9068): who it belongs
 * to, its {@code jti}, the login session it was issued under, when it was issued on
 * Redis's clock, when it expires and which key signed it.
 */
public interface RevocableToken {

	/** The {@code sub} claim: the user, whose keys share one Redis Cluster hash tag. */
	String subject();

	/** The {@code jti} claim, the key of this token in the denylist. */
	String id();

	/** The {@code sid} claim. */
	String sessionId();

	/**
	 * Issue time in milliseconds on Redis's clock, the clock a logout-all cutoff is taken
	 * from.
	 */
	long issuedAtMillis();

	/** The {@code exp} claim. */
	Instant expiresAt();

	/**
	 * The {@code kid} header: the signing key, all of whose tokens are refused once it is
	 * revoked as compromised ({@link RevocationKeys#signingKey}). {@code null} for a
	 * token signed without one (the single HS256 secret).
	 */
	default String keyId() {
		return null;
	}

}
