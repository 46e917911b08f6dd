package dev.jwtrevocation.auth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.jwtrevocation.system.RedisKeys;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Counts failed logins per username and client address in Redis, so every instance sees
 * the same count, and refuses further attempts once there were too many within the
 * window.
 * <p>
 * The window starts at the first failure and is not extended by refused attempts: after
 * it, the key expires and the count starts over. Unknown usernames are counted like known
 * ones, so the answers do not tell them apart. A successful login clears the count.
 */
@Component
class LoginThrottle {

	/**
	 * KEYS: counter. ARGV: max failures. Answers the remaining block in ms, or -1 if not
	 * blocked.
	 */
	private static final RedisScript<Long> BLOCKED_FOR = RedisScript.of("""
			local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
			if failures < tonumber(ARGV[1]) then return -1 end
			return redis.call('PTTL', KEYS[1])
			""", Long.class);

	/** KEYS: counter. ARGV: window ms. */
	private static final RedisScript<Long> RECORD_FAILURE = RedisScript.of("""
			local failures = redis.call('INCR', KEYS[1])
			if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
			return failures
			""", Long.class);

	private final StringRedisTemplate redis;

	private final LoginThrottleProperties properties;

	LoginThrottle(StringRedisTemplate redis, LoginThrottleProperties properties) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		this.redis = redis;
		this.properties = properties;
	}

	/** How much longer logins for this pair are refused, or empty if they are not. */
	Optional<Duration> blockedFor(String username, String clientAddress) {
		Long millis = this.redis.execute(BLOCKED_FOR, List.of(RedisKeys.loginThrottle(username, clientAddress)),
				String.valueOf(this.properties.maxFailures()));
		return (millis == null || millis < 0) ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
	}

	void recordFailure(String username, String clientAddress) {
		this.redis.execute(RECORD_FAILURE, List.of(RedisKeys.loginThrottle(username, clientAddress)),
				String.valueOf(this.properties.window().toMillis()));
	}

	void reset(String username, String clientAddress) {
		this.redis.delete(RedisKeys.loginThrottle(username, clientAddress));
	}

}
