package dev.jwtrevocation.oidc;

import java.time.Clock;
import java.time.Duration;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

import dev.jwtrevocation.redis.RedisKeys;
import dev.jwtrevocation.revocation.IssuerNamespace;

/**
 * The {@code jti}s of the logout tokens already applied, kept in Redis as long as each
 * token could be presented again ({@code exp} plus the clock skew), so that every
 * instance refuses a replay. A token is claimed before its revocation and released if the
 * revocation fails, so that the provider's retry is applied.
 */
final class LogoutTokenReplays {

	private final StringRedisTemplate redis;

	private final Clock clock;

	private final Duration skew;

	LogoutTokenReplays(StringRedisTemplate redis, Clock clock, Duration skew) {
		Assert.notNull(redis, "redis cannot be null");
		this.redis = redis;
		this.clock = clock;
		this.skew = skew;
	}

	/**
	 * @return {@code true} if the token is seen for the first time, {@code false} for a
	 * replay
	 * @throws org.springframework.dao.DataAccessException if Redis did not answer
	 */
	boolean claim(LogoutToken token) {
		long ttl = Math.max(1000, token.expiresAt().plus(this.skew).toEpochMilli() - this.clock.millis());
		return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(key(token), "1", Duration.ofMillis(ttl)));
	}

	/** The revocation failed: the provider may send the token again. */
	void release(LogoutToken token) {
		this.redis.delete(key(token));
	}

	private static String key(LogoutToken token) {
		return RedisKeys.seenSignal(IssuerNamespace.of(token.provider().issuer()).sessionOwner(), token.id());
	}

}
