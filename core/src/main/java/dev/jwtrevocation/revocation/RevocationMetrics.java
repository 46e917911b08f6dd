package dev.jwtrevocation.revocation;

/**
 * What the revocation core tells an operator, without depending on a metrics library: the
 * application binds it to Micrometer. Every method defaults to doing nothing.
 * <p>
 * {@link #checked} runs on every authenticated request: an implementation must not
 * allocate, block or log there.
 */
public interface RevocationMetrics {

	/** Reports nothing. */
	RevocationMetrics NONE = new RevocationMetrics() {
	};

	/** A revocation check answered (or could not be). */
	default void checked(Path path, Outcome outcome) {
	}

	/**
	 * A bearer token refused before the denylist was asked: forged, malformed, expired or
	 * not ours.
	 */
	default void invalid() {
	}

	/** One revocation written to Redis. */
	default void written(Kind kind) {
	}

	/**
	 * A revocation acknowledged: written, and every mirror confirmed it or let its lease
	 * run out.
	 * @param nanos from the start of the write to the acknowledgement
	 */
	default void acknowledged(long nanos) {
	}

	/**
	 * A revocation the audit trail could not take: it stands, and its audit line is
	 * written.
	 */
	default void trailFailed() {
	}

	/**
	 * This instance confirmed a revocation: a heartbeat sent after its push arrived came
	 * back, so that the copy holds it and revokers waiting on this instance may answer.
	 * @param nanos from the push's arrival to that confirmation; the write came a push's
	 * one-way trip earlier (about half of {@link #pushArrived})
	 */
	default void revocationConfirmed(long nanos) {
	}

	/** The mirror cleared its copy and loaded it again from Redis. */
	default void resynchronized() {
	}

	/**
	 * The mirror reconnected and kept its copy, reading only what the change log says
	 * changed meanwhile.
	 */
	default void replayed() {
	}

	/**
	 * A heartbeat's push came back.
	 * @param nanos from sending the heartbeat to its push arriving: how far behind Redis
	 * the copy runs
	 */
	default void pushArrived(long nanos) {
	}

	/** Where the check was answered. */
	enum Path {

		/** The in-memory copy, under its lease. */
		COPY,

		/** Redis, one round trip. */
		REDIS

	}

	/** What the check answered. */
	enum Outcome {

		/** Not revoked. */
		ACCEPTED,

		/** Revoked: the request is refused with 401. */
		REVOKED,

		/** Redis could not answer: the request is refused with 503. */
		UNAVAILABLE

	}

	/** What a revocation refuses. */
	enum Kind {

		/** One access token (its {@code jti}). */
		TOKEN,

		/** Every token of one login session. */
		SESSION,

		/** Every token of a user issued until now (logout everywhere). */
		USER,

		/** Every token signed by a compromised key. */
		SIGNING_KEY

	}

}
