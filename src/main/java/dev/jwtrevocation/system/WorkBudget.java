package dev.jwtrevocation.system;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.springframework.util.Assert;

/**
 * A bound on costly work that anonymous callers can ask for, such as verifying the
 * signature of a token never seen before: so many units a second per client address (its
 * {@link ClientAddresses#block block}) and so many in total, each with a burst of one
 * second's worth. In memory and per instance: it protects this process's CPU, which is
 * what the work costs, and it costs no Redis round trip.
 * <p>
 * Each bound is a token bucket kept as one number (the generic cell rate algorithm: the
 * time at which the bucket would be full again), so that granting is one compare-and-set
 * and nothing is allocated. At most {@code maxAddresses} addresses are tracked; when that
 * many are busy at once, every further address shares one bucket of the per-address size.
 * Addresses whose bucket is full again are forgotten.
 */
public final class WorkBudget {

	/** Addresses tracked at once unless told otherwise, about 1 MB. */
	public static final int DEFAULT_MAX_ADDRESSES = 10_000;

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final long addressInterval;

	private final long totalInterval;

	private final int maxAddresses;

	private final LongSupplier nanoTime;

	private final ConcurrentHashMap<String, AtomicLong> addresses = new ConcurrentHashMap<>();

	/** Shared by the addresses beyond {@link #maxAddresses}. */
	private final AtomicLong overflow;

	private final AtomicLong total;

	private final AtomicLong lastSweep;

	/**
	 * @param perAddressPerSecond units one address may spend a second
	 * @param totalPerSecond units all addresses together may spend a second
	 */
	public WorkBudget(int perAddressPerSecond, int totalPerSecond) {
		this(perAddressPerSecond, totalPerSecond, DEFAULT_MAX_ADDRESSES, System::nanoTime);
	}

	WorkBudget(int perAddressPerSecond, int totalPerSecond, int maxAddresses, LongSupplier nanoTime) {
		Assert.isTrue(perAddressPerSecond > 0, "perAddressPerSecond must be positive");
		Assert.isTrue(totalPerSecond > 0, "totalPerSecond must be positive");
		Assert.isTrue(maxAddresses > 0, "maxAddresses must be positive");
		Assert.notNull(nanoTime, "nanoTime cannot be null");
		this.addressInterval = SECOND / perAddressPerSecond;
		this.totalInterval = SECOND / totalPerSecond;
		this.maxAddresses = maxAddresses;
		this.nanoTime = nanoTime;
		long now = nanoTime.getAsLong();
		this.overflow = new AtomicLong(now);
		this.total = new AtomicLong(now);
		this.lastSweep = new AtomicLong(now);
	}

	/**
	 * Spends one unit for {@code clientAddress}, if both its address's bucket and the
	 * total one have it.
	 */
	public Admission spend(String clientAddress) {
		long now = this.nanoTime.getAsLong();
		AtomicLong address = bucket(ClientAddresses.block(clientAddress), now);
		long addressWait = take(address, this.addressInterval, now);
		if (addressWait > 0) {
			return new Admission(false, addressWait);
		}
		long totalWait = take(this.total, this.totalInterval, now);
		if (totalWait > 0) {
			// the address did not get the work: it keeps its unit
			address.addAndGet(-this.addressInterval);
			return new Admission(true, totalWait);
		}
		return Admission.GRANTED;
	}

	/** How many addresses are tracked now. */
	int trackedAddresses() {
		return this.addresses.size();
	}

	/**
	 * One unit out of a bucket whose full-again time is {@code bucket}, holding one
	 * second's worth.
	 * @return 0 if taken, or the nanoseconds until it could be
	 */
	private static long take(AtomicLong bucket, long interval, long now) {
		while (true) {
			long fullAgain = bucket.get();
			long next = Math.max(fullAgain, now) + interval;
			long wait = next - now - SECOND;
			if (wait > 0) {
				return wait;
			}
			if (bucket.compareAndSet(fullAgain, next)) {
				return 0;
			}
		}
	}

	private AtomicLong bucket(String block, long now) {
		AtomicLong bucket = this.addresses.get(block);
		if (bucket != null) {
			return bucket;
		}
		if (this.addresses.size() >= this.maxAddresses) {
			sweep(now);
			if (this.addresses.size() >= this.maxAddresses) {
				return this.overflow;
			}
		}
		return this.addresses.computeIfAbsent(block, (key) -> new AtomicLong(now));
	}

	/**
	 * Forgets the addresses whose bucket is full again, at most once a second: a full
	 * bucket and no bucket answer alike.
	 */
	private void sweep(long now) {
		long last = this.lastSweep.get();
		if (now - last < SECOND || !this.lastSweep.compareAndSet(last, now)) {
			return;
		}
		for (Iterator<AtomicLong> buckets = this.addresses.values().iterator(); buckets.hasNext();) {
			if (buckets.next().get() <= now) {
				buckets.remove();
			}
		}
	}

	/**
	 * Whether the work may go ahead, and if not, which bound refused it and for how long.
	 *
	 * @param total whether the total bound refused it (otherwise the address's)
	 * @param waitNanos nanoseconds until a unit is free again, 0 when granted
	 */
	public record Admission(boolean total, long waitNanos) {

		static final Admission GRANTED = new Admission(false, 0);

		public boolean granted() {
			return this.waitNanos == 0;
		}

		/** The wait in whole seconds, at least one, for {@code Retry-After}. */
		public long retryAfterSeconds() {
			return Math.max(1, (this.waitNanos + SECOND - 1) / SECOND);
		}

	}

}
