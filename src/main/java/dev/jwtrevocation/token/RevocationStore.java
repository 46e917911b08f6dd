package dev.jwtrevocation.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The denylist of revoked access tokens, kept in Redis so that every instance sharing that Redis
 * rejects a token from the moment its logout was acknowledged.
 * <p>
 * One key per revoked token, named after its {@code jti} and holding no part of the token. Each key
 * expires when the token would have been refused anyway ({@code exp} plus the clock-skew leeway the
 * verifier grants), so the denylist never needs cleaning and stays as small as the number of tokens
 * revoked within one token lifetime. Keys carry the user in a Redis Cluster hash tag, so that all
 * revocation state of one user lives in one slot.
 * <p>
 * Layout: {@code jr:revoked:{<username>}:jti:<jti>} = {@code 1}, TTL = remaining lifetime + skew.
 */
@Component
public final class RevocationStore {

	static final String KEY_PREFIX = "jr:revoked:";

	private final StringRedisTemplate redis;

	private final Clock clock;

	private final Duration clockSkew;

	RevocationStore(StringRedisTemplate redis, JwtProperties properties, Clock clock) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.redis = redis;
		this.clock = clock;
		this.clockSkew = properties.clockSkew();
	}

	/**
	 * Puts the token on the denylist and returns once Redis has acknowledged the write.
	 * @param token the token to revoke
	 * @throws DataAccessException if Redis did not acknowledge the write
	 */
	public void revoke(AccessToken token) {
		Duration ttl = denylistTtl(token.expiresAt(), this.clock.instant(), this.clockSkew);
		this.redis.opsForValue().set(tokenKey(token), "1", ttl);
	}

	/**
	 * Whether the token was revoked: one round trip to Redis.
	 * @param token a token whose signature and claims were verified
	 * @return {@code true} if the token must be refused
	 * @throws DataAccessException if Redis could not answer; callers must then refuse the request
	 */
	public boolean isRevoked(AccessToken token) {
		return Boolean.TRUE.equals(this.redis.hasKey(tokenKey(token)));
	}

	static String tokenKey(AccessToken token) {
		return KEY_PREFIX + "{" + token.subject().toLowerCase(Locale.ROOT) + "}:jti:" + token.id();
	}

	/**
	 * How long a revocation must be remembered: until the verifier would refuse the token on its
	 * own, that is {@code exp + skew}, rounded up to whole seconds and never less than one.
	 */
	static Duration denylistTtl(Instant expiresAt, Instant now, Duration clockSkew) {
		long millis = Duration.between(now, expiresAt.plus(clockSkew)).toMillis();
		long seconds = Math.floorDiv(millis + 999, 1000);
		return Duration.ofSeconds(Math.max(1, seconds));
	}

}
