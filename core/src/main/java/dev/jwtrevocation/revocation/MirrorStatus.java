package dev.jwtrevocation.revocation;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.jwtrevocation.revocation.RevocationMirror.State;

/**
 * Where a {@link RevocationMirror} stands and why, for health and metrics, and the log
 * lines that say so once per change: trusted, not trusted, off, and not trusted for long
 * (a mirror that never becomes trusted, behind a Redis without CLIENT TRACKING, an ACL
 * that forbids it or a proxy that drops pushes, must not degrade silently into a round
 * trip per request).
 * <p>
 * Written by the mirror's thread and Lettuce's event loop, read by any.
 */
final class MirrorStatus {

	/**
	 * How long the copy may go without answering before a WARN says so.
	 */
	static final Duration UNTRUSTED_BEFORE_WARNING = Duration.ofSeconds(10);

	/** The mirror's own category: operators filter on it. */
	private static final Log logger = LogFactory.getLog(RevocationMirror.class);

	private final MirrorLease lease;

	private final LongSupplier nanoTime;

	private volatile State state = State.STOPPED;

	private volatile String reason = "not started";

	/**
	 * Since when the copy has not answered (nanoTime, as the mirror's thread first saw
	 * it), or 0 while it answers.
	 */
	private volatile long untrustedSince;

	private boolean warnedUntrusted;

	MirrorStatus(MirrorLease lease, LongSupplier nanoTime) {
		this.lease = lease;
		this.nanoTime = nanoTime;
	}

	/** The state, {@link State#LOADED} rather than trusted once the lease ran out. */
	State state() {
		State current = this.state;
		return (current == State.TRUSTED && !this.lease.isTrusted()) ? State.LOADED : current;
	}

	String reason() {
		return this.reason;
	}

	void started() {
		this.state = State.CONNECTING;
		this.untrustedSince = this.nanoTime.getAsLong();
	}

	/** The copy is being (re)loaded: it does not answer meanwhile. */
	void connecting() {
		untrust("loading the revocations from Redis");
		this.state = State.CONNECTING;
	}

	void loaded() {
		this.state = State.LOADED;
	}

	/** A heartbeat came back: the copy answers. */
	void trusted() {
		if (this.state != State.TRUSTED) {
			this.state = State.TRUSTED;
			this.reason = "trusted";
			this.untrustedSince = 0;
			this.warnedUntrusted = false;
			logger.info("Revocation mirror trusted");
		}
	}

	/** A lease that ran out is said once; the next heartbeat that comes back ends it. */
	void noticeLapse() {
		if (this.state == State.TRUSTED && !this.lease.isTrusted()) {
			this.state = State.LOADED;
			this.reason = "no heartbeat came back within the lease: pushes are late or the connection stalls";
			logger.warn("Revocation mirror not trusted (" + this.reason + "): requests ask Redis until it is again");
		}
	}

	/** Ends the lease at once, and says why. */
	void untrust(String why) {
		boolean wasTrusted = this.lease.isTrusted();
		this.lease.revoke();
		this.reason = why;
		if (this.state == State.TRUSTED) {
			this.state = State.LOADED;
		}
		if (wasTrusted) {
			logger.warn("Revocation mirror not trusted (" + why + "): requests ask Redis until it is again");
		}
	}

	/** A Redis the mirror cannot follow: it stays off. */
	void unsupported(String why) {
		this.lease.revoke();
		this.state = State.UNSUPPORTED;
		this.reason = why;
		logger.warn("Revocation mirror off: " + why + ". Every request asks Redis (one round trip); set "
				+ "revocation.mode=strict to say so explicitly.");
	}

	void stopped() {
		this.state = State.STOPPED;
	}

	/** Called every tick: one WARN once the copy has not answered for long. */
	void warnIfLongUntrusted() {
		if (this.lease.isTrusted()) {
			return;
		}
		long now = this.nanoTime.getAsLong();
		if (this.untrustedSince == 0) {
			this.untrustedSince = now;
		}
		else if (!this.warnedUntrusted && now - this.untrustedSince > UNTRUSTED_BEFORE_WARNING.toNanos()) {
			this.warnedUntrusted = true;
			logger.warn("Revocation mirror not trusted for " + UNTRUSTED_BEFORE_WARNING.toSeconds() + " s ("
					+ this.reason + "): every request asks Redis, one round trip each, until it is");
		}
	}

}
