package dev.jwtrevocation.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.jwtrevocation.system.RedisKeys;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The denylist every authenticated request is checked against, kept in Redis so that
 * every instance sharing that Redis refuses a token from the moment its revocation was
 * acknowledged.
 * <p>
 * A token is refused when any of three keys says so, all read with one {@code MGET} (the
 * user's keys share a Redis Cluster hash tag, so this holds on a cluster too):
 * <ul>
 * <li>its {@code jti} was revoked (logout). The key holds no part of the token and
 * expires when the verifier would refuse the token anyway: {@code exp} plus the
 * clock-skew leeway;</li>
 * <li>its login session was ended (logout, a deleted session, a replayed refresh token).
 * Written by the session store; it expires with the last access token that session can
 * have issued;</li>
 * <li>it was issued before the user's "log out everywhere" cutoff, a millisecond
 * timestamp on Redis's clock, kept for the longest token lifetime plus skew.</li>
 * </ul>
 * Nothing needs cleaning: every key carries its TTL.
 */
@Component
public final class RevocationStore implements RevocationCheck {

	private static final RedisScript<Long> SET_CUTOFF_TO_NOW = RedisScript.of("""
			local now = redis.call('TIME')
			local millis = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
			redis.call('SET', KEYS[1], millis, 'PX', ARGV[1])
			return millis
			""", Long.class);

	private final StringRedisTemplate redis;

	private final Clock clock;

	private final JwtProperties properties;

	private final RevocationMirror mirror;

	RevocationStore(StringRedisTemplate redis, JwtProperties properties, Clock clock, RevocationMirror mirror) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		Assert.notNull(mirror, "mirror cannot be null");
		this.redis = redis;
		this.clock = clock;
		this.properties = properties;
		this.mirror = mirror;
	}

	/**
	 * Whether the token was revoked: from the {@link RevocationMirror} when it can be
	 * trusted to answer, otherwise with one round trip to Redis.
	 * @param token a token whose signature and claims were verified
	 * @return {@code true} if the token must be refused
	 * @throws DataAccessException if Redis had to be asked and could not answer; callers
	 * must then refuse the request
	 */
	@Override
	public boolean isRevoked(AccessToken token) {
		Boolean mirrored = this.mirror.isRevoked(token);
		return (mirrored != null) ? mirrored : isRevokedInRedis(token);
	}

	/**
	 * The strict check: one {@code MGET} of the three keys that can refuse this token.
	 */
	boolean isRevokedInRedis(AccessToken token) {
		List<String> values = this.redis.opsForValue()
			.multiGet(RedisKeys.refusing(token.subject(), token.id(), token.sessionId()));
		if (values == null || values.size() != 3) {
			throw new IllegalStateException("MGET answered " + values);
		}
		return values.get(0) != null || values.get(1) != null
				|| (values.get(2) != null && token.issuedAtMillis() <= Long.parseLong(values.get(2)));
	}

	/**
	 * Puts the token on the denylist and returns once Redis has acknowledged the write.
	 * @param token the token to revoke
	 * @throws DataAccessException if Redis did not acknowledge the write
	 */
	public void revoke(AccessToken token) {
		Duration ttl = denylistTtl(token.expiresAt(), this.clock.instant(), this.properties.clockSkew());
		String key = RedisKeys.revokedToken(token.subject(), token.id());
		this.redis.opsForValue().set(key, "1", ttl);
		this.mirror.recordRevoked(key);
	}

	/**
	 * Refuses every token of the user issued until now, on any instance: the "log out
	 * everywhere" cutoff. A login after this call returns is unaffected, even within the
	 * same second, because both the cutoff and each token's {@code iat_ms} come from
	 * Redis's clock in milliseconds.
	 * @param username the user
	 * @return the cutoff, in milliseconds on Redis's clock
	 */
	public long revokeAllIssuedUntilNow(String username) {
		String key = RedisKeys.revocationCutoff(username);
		Duration ttl = this.properties.longestTokenLifetimeWithSkew();
		Long cutoff = this.redis.execute(SET_CUTOFF_TO_NOW, List.of(key), String.valueOf(ttl.toMillis()));
		Assert.state(cutoff != null, "the cutoff script answered nothing");
		this.mirror.recordCutoff(key, cutoff, ttl);
		return cutoff;
	}

	/**
	 * How long a revocation must be remembered: until the verifier would refuse the token
	 * on its own, that is {@code exp + skew}, rounded up to whole seconds and never less
	 * than one.
	 */
	static Duration denylistTtl(Instant expiresAt, Instant now, Duration clockSkew) {
		long millis = Duration.between(now, expiresAt.plus(clockSkew)).toMillis();
		long seconds = Math.floorDiv(millis + 999, 1000);
		return Duration.ofSeconds(Math.max(1, seconds));
	}

}
