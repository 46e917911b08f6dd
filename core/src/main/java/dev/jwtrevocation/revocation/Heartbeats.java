package dev.jwtrevocation.revocation;

import java.util.function.LongFunction;

/**
 * The one heartbeat a mirror has on its way at a time: sent, its reply (the sequence
 * number Redis gave it) and its push (proof that every change before it was delivered)
 * awaited in whichever order they come.
 * <p>
 * A heartbeat only counts once the copy has been loaded, and each carries a key name of
 * its own, so a late push of an abandoned heartbeat can never be mistaken for the one
 * awaited. After a heartbeat failed (its reply timed out: the connection may be stalled),
 * the next ones are probes: they register no lease, so that an instance whose replies
 * stall stops holding up every revocation after one lease; the first probe to come back
 * is followed at once by a real heartbeat. Called from the mirror's thread and Lettuce's
 * event loop.
 */
final class Heartbeats {

	private final LongFunction<String> keys;

	private Pending pending;

	private long seq = -1;

	private String logged;

	private boolean pushArrived;

	private boolean again;

	private boolean loaded;

	/** A heartbeat failed: the next one probes without extending the lease. */
	private boolean probing;

	private long number;

	private long lastConfirmedAt;

	/**
	 * @param keys the heartbeat key of each number
	 */
	Heartbeats(LongFunction<String> keys) {
		this.keys = keys;
	}

	/** A new connection: nothing on its way, nothing loaded. */
	synchronized void reset(long now) {
		this.pending = null;
		this.loaded = false;
		this.again = false;
		this.probing = false;
		this.lastConfirmedAt = now;
	}

	/** The copy is loaded: heartbeats may now grant leases. */
	synchronized void loaded(long now) {
		this.loaded = true;
		this.lastConfirmedAt = now;
	}

	/**
	 * The heartbeat to send now, or {@code null} if one is already on its way (then, if
	 * {@code urgent}, another follows as soon as it is confirmed) or nothing is loaded.
	 */
	synchronized Pending next(MirrorLease.Renewal renewal, long now, boolean urgent) {
		if (!this.loaded) {
			return null;
		}
		if (this.pending != null) {
			this.again |= urgent;
			return null;
		}
		this.number++;
		this.pending = new Pending(this.keys.apply(this.number), renewal, now, this.probing);
		this.seq = -1;
		this.logged = null;
		this.pushArrived = false;
		return this.pending;
	}

	/**
	 * Redis answered the heartbeat's write.
	 * @param logged how far the change log went when it was written
	 * @return whether its push already arrived, so that it can be confirmed now
	 */
	synchronized boolean written(Pending heartbeat, long seq, String logged) {
		if (heartbeat != this.pending) {
			return false;
		}
		this.seq = seq;
		this.logged = logged;
		return this.pushArrived;
	}

	synchronized boolean isAwaited(String key) {
		return this.pending != null && this.pending.key().equals(key);
	}

	/**
	 * When the heartbeat of {@code key} was sent, or {@link Long#MIN_VALUE} if it is not
	 * the one awaited.
	 */
	synchronized long sentAt(String key) {
		return isAwaited(key) ? this.pending.sentAt() : Long.MIN_VALUE;
	}

	/**
	 * The push of {@code key} arrived.
	 * @return the heartbeat to confirm, or {@code null} if its reply is still awaited
	 */
	synchronized Written arrived(String key) {
		if (!isAwaited(key)) {
			return null;
		}
		this.pushArrived = true;
		return (this.seq >= 0) ? new Written(this.pending, this.seq, this.logged) : null;
	}

	/**
	 * The heartbeat granted its lease.
	 * @return whether another one is wanted at once
	 */
	synchronized boolean confirmed(Pending heartbeat) {
		if (heartbeat != this.pending) {
			return false;
		}
		this.pending = null;
		this.lastConfirmedAt = heartbeat.sentAt();
		boolean wanted = this.again || this.probing;
		this.again = false;
		this.probing = false;
		return wanted;
	}

	/** The heartbeat's write failed or timed out: the next tick sends another. */
	synchronized void failed(Pending heartbeat) {
		if (heartbeat == this.pending) {
			this.pending = null;
			this.probing = true;
		}
	}

	/** How long since the last confirmed heartbeat was sent. */
	synchronized long stalledFor(long now) {
		return now - this.lastConfirmedAt;
	}

	/**
	 * A heartbeat on its way.
	 *
	 * @param key its key, whose push proves delivery
	 * @param renewal the lease it renews
	 * @param sentAt when it was sent (monotonic nanoseconds)
	 * @param probe whether it only probes the connection: it registers and grants no
	 * lease
	 */
	record Pending(String key, MirrorLease.Renewal renewal, long sentAt, boolean probe) {
	}

	/**
	 * A heartbeat whose reply and push both arrived.
	 *
	 * @param logged how far the change log went when it was written: the copy now holds
	 * every change logged up to there
	 */
	record Written(Pending pending, long seq, String logged) {
	}

}
