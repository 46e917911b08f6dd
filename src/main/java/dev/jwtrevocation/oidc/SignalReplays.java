package dev.jwtrevocation.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

import dev.jwtrevocation.redis.RedisKeys;
import dev.jwtrevocation.revocation.IssuerNamespace;

/**
 * The {@code jti}s of the providers' signals already applied (logout tokens, Security
 * Event Tokens), kept in Redis for as long as each signal would still be accepted, so
 * that every instance applies a signal once. A signal is claimed before its revocation
 * and released if the revocation fails, so that the provider's retry is applied.
 */
final class SignalReplays {

	private final StringRedisTemplate redis;

	private final RedisKeys redisKeys;

	private final Clock clock;

	SignalReplays(StringRedisTemplate redis, RedisKeys redisKeys, Clock clock) {
		Assert.notNull(redisKeys, "redisKeys cannot be null");
		this.redisKeys = redisKeys;
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.redis = redis;
		this.clock = clock;
	}

	/**
	 * @param acceptedUntil until when the signal would be accepted again
	 * @return {@code true} if the signal is seen for the first time, {@code false} for a
	 * replay
	 * @throws org.springframework.dao.DataAccessException if Redis did not answer
	 */
	boolean claim(String issuer, String id, Instant acceptedUntil) {
		long ttl = Math.max(1000, acceptedUntil.toEpochMilli() - this.clock.millis());
		return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(key(issuer, id), "1", Duration.ofMillis(ttl)));
	}

	/** The revocation failed: the provider may send the signal again. */
	void release(String issuer, String id) {
		this.redis.delete(key(issuer, id));
	}

	private String key(String issuer, String id) {
		return this.redisKeys.seenSignal(IssuerNamespace.of(issuer).sessionOwner(), id);
	}

}
