package dev.jwtrevocation.revocation;

/**
 * The mirror's answer for one token.
 */
enum Verdict {

	/** The copy is trusted and says the token was revoked. */
	REVOKED,

	/** The copy is trusted and holds no revocation of the token. */
	NOT_REVOKED,

	/** The copy cannot answer for this token right now: ask Redis. */
	UNKNOWN

}
