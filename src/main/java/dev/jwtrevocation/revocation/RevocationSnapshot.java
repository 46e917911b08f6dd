package dev.jwtrevocation.revocation;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.util.Assert;

/**
 * The mirror's copy of the live revocation keys: what Redis holds under
 * {@link RevocationKeys#PREFIX}, each key with the moment it expires.
 * <p>
 * Pure state, no I/O. Keys enter it from three sources, all of which must agree with what
 * a {@code MGET} in Redis would answer:
 * <ul>
 * <li>the snapshot and every re-read after a push: {@link #apply} with the key's real
 * {@code PTTL} ({@code -1}: until deleted; {@code -2}: gone, which also removes it);</li>
 * <li>a push not yet re-read: {@link #suspect}, which refuses conservatively (a token or
 * session key counts as present, a cutoff as unknown) until the re-read lands;</li>
 * <li>a write of this instance, acknowledged by Redis: {@link #record}.</li>
 * </ul>
 * A push also arrives when a key expires or is deleted; the re-read then removes it, so
 * the copy never holds more than Redis does for longer than a round trip.
 */
final class RevocationSnapshot {

	private static final long FOREVER = Long.MAX_VALUE;

	/** Token and session keys: the moment each expires, on this instance's clock. */
	private final Map<String, Long> expiries = new ConcurrentHashMap<>();

	private final Map<String, Cutoff> cutoffs = new ConcurrentHashMap<>();

	/** Cutoff keys pushed and not yet re-read, with how many re-reads are pending. */
	private final Map<String, Integer> unsettledCutoffs = new ConcurrentHashMap<>();

	private final Clock clock;

	RevocationSnapshot(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * What the copy says of a token; {@link Verdict#UNKNOWN} only while its user's cutoff
	 * is being re-read.
	 */
	Verdict verdict(RevocationKeys.Refusing keys, long issuedAtMillis) {
		if (!this.unsettledCutoffs.isEmpty() && this.unsettledCutoffs.containsKey(keys.cutoff())) {
			return Verdict.UNKNOWN;
		}
		long now = this.clock.millis();
		if (isLive(this.expiries.get(keys.token()), now) || isLive(this.expiries.get(keys.session()), now)) {
			return Verdict.REVOKED;
		}
		Cutoff cutoff = this.cutoffs.get(keys.cutoff());
		boolean cutOff = cutoff != null && cutoff.expiresAt() >= now && issuedAtMillis <= cutoff.value();
		return cutOff ? Verdict.REVOKED : Verdict.NOT_REVOKED;
	}

	/**
	 * A key changed in Redis and is being re-read: until then, refuse as if it were
	 * there.
	 */
	void suspect(String key) {
		if (RevocationKeys.isCutoff(key)) {
			this.unsettledCutoffs.merge(key, 1, Integer::sum);
		}
		else {
			this.expiries.put(key, FOREVER);
		}
	}

	/**
	 * What Redis answered for a token or session key.
	 * @param ttlMillis its {@code PTTL}
	 */
	void apply(String key, long ttlMillis) {
		if (ttlMillis == -2) {
			this.expiries.remove(key);
		}
		else {
			this.expiries.put(key, expiresAt(ttlMillis));
		}
	}

	/**
	 * What Redis answered for a cutoff key.
	 * @param value its value, {@code null} if it is gone
	 * @param ttlMillis its {@code PTTL}
	 * @param settles whether this answers a {@link #suspect} (rather than the snapshot)
	 */
	void applyCutoff(String key, String value, long ttlMillis, boolean settles) {
		if (value == null || ttlMillis == -2) {
			this.cutoffs.remove(key);
		}
		else {
			this.cutoffs.put(key, new Cutoff(Long.parseLong(value), expiresAt(ttlMillis)));
		}
		if (settles) {
			this.unsettledCutoffs.computeIfPresent(key, (name, count) -> (count > 1) ? count - 1 : null);
		}
	}

	/** A token or session key this instance has just written to Redis. */
	void record(String key, Duration ttl) {
		this.expiries.put(key, this.clock.millis() + ttl.toMillis());
	}

	/** A cutoff this instance has just written to Redis. */
	void recordCutoff(String key, long value, Duration ttl) {
		long expiresAt = this.clock.millis() + ttl.toMillis();
		// a later cutoff wins whichever of two racing answers lands last
		this.cutoffs.merge(key, new Cutoff(value, expiresAt),
				(current, next) -> (next.value() >= current.value()) ? next : current);
	}

	/** Forgets everything, before a new snapshot is loaded. */
	void clear() {
		this.expiries.clear();
		this.cutoffs.clear();
		this.unsettledCutoffs.clear();
	}

	/** Drops what has expired; the lookups already ignore it. */
	void sweep() {
		long now = this.clock.millis();
		this.expiries.values().removeIf((until) -> until < now);
		this.cutoffs.values().removeIf((cutoff) -> cutoff.expiresAt() < now);
	}

	/** How many revocations the copy holds, expired ones not yet swept included. */
	int size() {
		return this.expiries.size() + this.cutoffs.size();
	}

	private long expiresAt(long ttlMillis) {
		return (ttlMillis < 0) ? FOREVER : this.clock.millis() + ttlMillis;
	}

	/**
	 * Redis removes a key once its clock is past the expiry, so the key still counts in
	 * the millisecond it expires.
	 */
	private static boolean isLive(Long until, long now) {
		return until != null && until >= now;
	}

	private record Cutoff(long value, long expiresAt) {
	}

}
