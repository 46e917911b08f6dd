package dev.jwtrevocation.revocation;

import java.time.Instant;

/**
 * What the denylist needs to know of a verified access token (RFC 9068): who it belongs
 * to, its {@code jti}, the login session it was issued under, when it was issued on
 * Redis's clock and when it expires.
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

}
