package dev.jwtrevocation.security;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The password encoder, which also says when every hashing slot and queue place is taken,
 * so that a login can be refused before it costs anything else (Redis calls included).
 */
public interface PasswordHashing extends PasswordEncoder {

	/**
	 * Whether a hash asked for now would be refused with {@link HashingBusyException}; a
	 * {@code true} answer counts as a refusal.
	 */
	boolean refusesNow();

	/** How many hashes were refused so far, for metrics. */
	long refusals();

}
