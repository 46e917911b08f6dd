package dev.jwtrevocation.auth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.jwtrevocation.revocation.LuaScript;
import dev.jwtrevocation.redis.RedisKeys;
import dev.jwtrevocation.system.ClientAddresses;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Counts failed logins in Redis, so every instance sees the same counts, and refuses
 * further attempts once there were too many: per username and client address, per client
 * address across usernames, and per username across addresses.
 * <p>
 * An attempt is <em>reserved</em> before its password is checked, in one atomic step per
 * Redis slot: it counts as a failure until it succeeds. So N parallel guesses verify at
 * most the limit's worth of passwords, not N (checking first and counting after the hash
 * let 60 parallel guesses through). A success clears the per-pair and per-account counts
 * and gives its reservation back to the per-address one.
 * <p>
 * Each window starts at its first failure and is not extended by refused attempts. The
 * per-account window is short on purpose: anyone can trip it for a username they know, so
 * it must lock the owner out only briefly, while still capping a distributed guesser at a
 * few attempts a minute. IPv6 addresses count per /64, the block one subscriber usually
 * gets. Unknown usernames are counted like known ones, so the answers do not tell them
 * apart.
 */
@Component
class LoginThrottle {

	/** {@code throttle-reserve.lua}: one attempt on every counter, or on none. */
	private static final RedisScript<Long> RESERVE = LuaScript.load("dev/jwtrevocation/auth/throttle-reserve.lua",
			Long.class);

	/** {@code throttle-release.lua}: one reservation back to each counter. */
	private static final RedisScript<Long> RELEASE = LuaScript.load("dev/jwtrevocation/auth/throttle-release.lua",
			Long.class);

	private final StringRedisTemplate redis;

	private final RedisKeys redisKeys;

	private final LoginThrottleProperties properties;

	LoginThrottle(StringRedisTemplate redis, RedisKeys redisKeys, LoginThrottleProperties properties) {
		Assert.notNull(redisKeys, "redisKeys cannot be null");
		this.redisKeys = redisKeys;
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		this.redis = redis;
		this.properties = properties;
	}

	/**
	 * Reserves one attempt for this username from this address.
	 * @return empty if the password may be checked now; otherwise how much longer
	 * attempts are refused
	 */
	Optional<Duration> reserve(String username, String clientAddress) {
		String address = addressKey(clientAddress);
		String window = String.valueOf(this.properties.window().toMillis());
		Long addressBlocked = this.redis.execute(RESERVE, List.of(address),
				String.valueOf(this.properties.maxFailuresPerAddress()), window);
		if (addressBlocked != null && addressBlocked >= 0) {
			return Optional.of(Duration.ofMillis(addressBlocked));
		}
		// the pair and the account share the user's hash tag: one atomic step
		Long userBlocked = this.redis.execute(RESERVE, userKeys(username, clientAddress),
				String.valueOf(this.properties.maxFailures()), window,
				String.valueOf(this.properties.maxFailuresPerAccount()),
				String.valueOf(this.properties.accountWindow().toMillis()));
		if (userBlocked != null && userBlocked >= 0) {
			this.redis.execute(RELEASE, List.of(address));
			return Optional.of(Duration.ofMillis(userBlocked));
		}
		return Optional.empty();
	}

	/** The reserved attempt was never checked (no hashing slot): it is not a failure. */
	void release(String username, String clientAddress) {
		List<String> keys = userKeys(username, clientAddress);
		this.redis.execute(RELEASE, keys);
		this.redis.execute(RELEASE, List.of(addressKey(clientAddress)));
	}

	/**
	 * Reserves one registration from this address: each costs a password hash, so an
	 * address gets a few per window.
	 * @return empty if it may go ahead; otherwise how much longer registrations are
	 * refused
	 */
	Optional<Duration> reserveRegistration(String clientAddress) {
		Long blocked = this.redis.execute(RESERVE,
				List.of(this.redisKeys.registrationThrottle(ClientAddresses.block(clientAddress))),
				String.valueOf(this.properties.maxRegistrationsPerAddress()),
				String.valueOf(this.properties.window().toMillis()));
		return (blocked != null && blocked >= 0) ? Optional.of(Duration.ofMillis(blocked)) : Optional.empty();
	}

	/**
	 * The reserved attempt succeeded. The pair's and the account's counts start over
	 * (only the password's owner can succeed); the address only gets this reservation
	 * back, or one account of its own would let it reset its ceiling between guesses at
	 * others.
	 */
	void succeeded(String username, String clientAddress) {
		this.redis.delete(userKeys(username, clientAddress));
		this.redis.execute(RELEASE, List.of(addressKey(clientAddress)));
	}

	private List<String> userKeys(String username, String clientAddress) {
		return List.of(this.redisKeys.loginThrottle(username, ClientAddresses.block(clientAddress)),
				this.redisKeys.accountThrottle(username));
	}

	private String addressKey(String clientAddress) {
		return this.redisKeys.addressThrottle(ClientAddresses.block(clientAddress));
	}

}
