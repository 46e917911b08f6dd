package dev.jwtrevocation.revocation;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.springframework.util.Assert;

/**
 * Whether the mirror may answer from its copy: only while it holds a lease, and only in
 * the epoch the lease was granted in (Gray and Cheriton, "Leases", SOSP 1989).
 * <p>
 * A lease is granted when the push of a heartbeat written to Redis comes back: pushes
 * arrive in order, so by then every revocation written before the heartbeat has reached
 * the copy. Its countdown starts <em>before</em> the heartbeat is sent and is a little
 * shorter than the lease that Redis records for this mirror, so the local lease always
 * ends first: a revoker that waited out the registered lease knows this mirror stopped
 * trusting its copy.
 * <p>
 * Anything that may have made the copy miss a push (a lost connection, a flush, a
 * resynchronization) starts a new epoch, which voids the lease at once, whatever thread
 * granted it and whenever. Trust is therefore a function of the lease and the epoch,
 * never a flag that a late writer could set again. Pure logic on a monotonic clock.
 */
final class MirrorLease {

	private static final Grant NONE = new Grant(-1, 0);

	private final AtomicLong epoch = new AtomicLong();

	private volatile Grant grant = NONE;

	private final long localNanos;

	private final LongSupplier nanoTime;

	/**
	 * @param length the lease registered in Redis; the local one is 90% of it
	 * @param nanoTime a monotonic clock, {@link System#nanoTime()} outside tests
	 */
	MirrorLease(Duration length, LongSupplier nanoTime) {
		Assert.notNull(length, "length cannot be null");
		Assert.notNull(nanoTime, "nanoTime cannot be null");
		this.localNanos = length.toNanos() / 10 * 9;
		this.nanoTime = nanoTime;
	}

	/** Starts a renewal: call before the heartbeat is sent. */
	Renewal begin() {
		return new Renewal(this.epoch.get(), this.nanoTime.getAsLong());
	}

	/**
	 * The heartbeat of {@code renewal} came back: trust the copy until its countdown
	 * ends, unless the epoch has moved on meanwhile.
	 */
	void grant(Renewal renewal) {
		Grant current = this.grant;
		long until = renewal.startedAt() + this.localNanos;
		if (current.epoch() == renewal.epoch() && current.until() - until >= 0) {
			return;
		}
		this.grant = new Grant(renewal.epoch(), until);
	}

	/**
	 * The epoch the copy can be trusted in right now, or {@code -1}: an answer read from
	 * the copy counts only if {@link #isEpoch} still holds after the read.
	 */
	long trustedEpoch() {
		Grant current = this.grant;
		if (current.epoch() != this.epoch.get() || this.nanoTime.getAsLong() - current.until() >= 0) {
			return -1;
		}
		return current.epoch();
	}

	boolean isEpoch(long epoch) {
		return this.epoch.get() == epoch;
	}

	boolean isTrusted() {
		return trustedEpoch() >= 0;
	}

	/** Voids the lease: the copy may have missed a push. */
	void revoke() {
		this.epoch.incrementAndGet();
		this.grant = NONE;
	}

	/** Nanoseconds since the lease in force was last renewed, or -1 without one. */
	long age() {
		Grant current = this.grant;
		if (current == NONE || current.epoch() != this.epoch.get()) {
			return -1;
		}
		return this.nanoTime.getAsLong() - (current.until() - this.localNanos);
	}

	/** A renewal under way: the epoch it belongs to and when its countdown started. */
	record Renewal(long epoch, long startedAt) {
	}

	private record Grant(long epoch, long until) {
	}

}
