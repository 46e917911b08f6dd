package dev.jwtrevocation.security;

import java.util.concurrent.Semaphore;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.Assert;

/**
 * Lets only a few password hashes run at once. Argon2id is memory-hard on purpose (16 MiB
 * per hash with Spring's defaults): left unbounded, a burst of logins on 200 servlet
 * threads would ask for over 3 GiB. Beyond the permits, logins wait their turn instead;
 * they cannot hash faster than the CPU allows anyway.
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

	private final PasswordEncoder delegate;

	private final Semaphore permits;

	BoundedPasswordEncoder(PasswordEncoder delegate, int concurrentHashes) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.isTrue(concurrentHashes > 0, "concurrentHashes must be positive");
		this.delegate = delegate;
		this.permits = new Semaphore(concurrentHashes, true);
	}

	@Override
	public String encode(CharSequence rawPassword) {
		this.permits.acquireUninterruptibly();
		try {
			return this.delegate.encode(rawPassword);
		}
		finally {
			this.permits.release();
		}
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		this.permits.acquireUninterruptibly();
		try {
			return this.delegate.matches(rawPassword, encodedPassword);
		}
		finally {
			this.permits.release();
		}
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return this.delegate.upgradeEncoding(encodedPassword);
	}

}
