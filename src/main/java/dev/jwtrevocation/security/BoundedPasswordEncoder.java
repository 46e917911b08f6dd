package dev.jwtrevocation.security;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.Assert;

/**
 * Admits password hashes, never queueing them without bound. Argon2id is memory-hard on
 * purpose (19 MiB per hash): left unbounded, a burst of logins on 200 servlet threads
 * would ask for gigabytes, and every thread parked behind the hashes is one that a
 * request needing no hash ({@code /api/**}, health, refresh, logout) cannot have. So a
 * few hashes run at once, a few more requests may wait a bounded time for their turn, and
 * anything beyond is refused at once with {@link HashingBusyException} (503,
 * {@code Retry-After}).
 */
final class BoundedPasswordEncoder implements PasswordHashing {

	private final PasswordEncoder delegate;

	/** Running and waiting hashes together. */
	private final Semaphore admitted;

	private final Semaphore running;

	private final long maxWaitNanos;

	private final LongAdder refusals = new LongAdder();

	BoundedPasswordEncoder(PasswordEncoder delegate, int concurrentHashes, int queued, Duration maxWait) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.isTrue(concurrentHashes > 0, "concurrentHashes must be positive");
		Assert.isTrue(queued >= 0, "queued cannot be negative");
		Assert.notNull(maxWait, "maxWait cannot be null");
		this.delegate = delegate;
		this.admitted = new Semaphore(concurrentHashes + queued);
		this.running = new Semaphore(concurrentHashes, true);
		this.maxWaitNanos = maxWait.toNanos();
	}

	@Override
	public String encode(CharSequence rawPassword) {
		admit();
		try {
			return this.delegate.encode(rawPassword);
		}
		finally {
			leave();
		}
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		admit();
		try {
			return this.delegate.matches(rawPassword, encodedPassword);
		}
		finally {
			leave();
		}
	}

	private void admit() {
		if (!this.admitted.tryAcquire()) {
			this.refusals.increment();
			throw new HashingBusyException();
		}
		boolean turn;
		try {
			turn = this.running.tryAcquire(this.maxWaitNanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			turn = false;
		}
		if (!turn) {
			this.admitted.release();
			this.refusals.increment();
			throw new HashingBusyException();
		}
	}

	private void leave() {
		this.running.release();
		this.admitted.release();
	}

	@Override
	public boolean refusesNow() {
		if (this.admitted.availablePermits() > 0) {
			return false;
		}
		this.refusals.increment();
		return true;
	}

	@Override
	public long refusals() {
		return this.refusals.sum();
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return this.delegate.upgradeEncoding(encodedPassword);
	}

}
