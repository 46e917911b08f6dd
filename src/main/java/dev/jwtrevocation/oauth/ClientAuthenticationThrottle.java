package dev.jwtrevocation.oauth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.jwtrevocation.system.ClientAddresses;
import dev.jwtrevocation.redis.RedisKeys;
import dev.jwtrevocation.revocation.LuaScript;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * The failure budget of OAuth client authentication, per address and per configured
 * client (issue: 3,000 wrong secrets from one address were answered 3,000 times). A call
 * first reads both counters (one {@code MGET}; Lettuce splits it by slot on a cluster);
 * only a failure writes. Client ids that are not configured are counted by address only,
 * so that made-up ids cannot grow Redis.
 */
final class ClientAuthenticationThrottle {

	private static final RedisScript<Long> RESERVE = LuaScript.load("dev/jwtrevocation/auth/throttle-reserve.lua",
			Long.class);

	private final StringRedisTemplate redis;

	private final RedisKeys redisKeys;

	private final OAuthClientProperties.Throttle limits;

	ClientAuthenticationThrottle(StringRedisTemplate redis, RedisKeys redisKeys,
			OAuthClientProperties.Throttle limits) {
		Assert.notNull(redisKeys, "redisKeys cannot be null");
		this.redisKeys = redisKeys;
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(limits, "limits cannot be null");
		this.redis = redis;
		this.limits = limits;
	}

	/**
	 * @param clientId a configured client's id, or {@code null}
	 * @return how much longer this caller is refused, if it is
	 */
	Optional<Duration> refusal(String clientId, String clientAddress) {
		List<String> keys = keys(clientId, clientAddress);
		List<String> counts = this.redis.opsForValue().multiGet(keys);
		for (int i = 0; i < keys.size(); i++) {
			String count = (counts != null) ? counts.get(i) : null;
			if (count != null && Long.parseLong(count) >= limit(i)) {
				long ttl = this.redis.getExpire(keys.get(i), TimeUnit.MILLISECONDS);
				return Optional.of(Duration.ofMillis(Math.max(ttl, 1)));
			}
		}
		return Optional.empty();
	}

	/** A failed authentication: counted against the address and the named client. */
	void failed(String clientId, String clientAddress) {
		List<String> keys = keys(clientId, clientAddress);
		String window = String.valueOf(this.limits.window().toMillis());
		for (int i = 0; i < keys.size(); i++) {
			// one key per script: the address and the client may live in different slots
			this.redis.execute(RESERVE, List.of(keys.get(i)), String.valueOf(limit(i)), window);
		}
	}

	private List<String> keys(String clientId, String clientAddress) {
		List<String> keys = new ArrayList<>(2);
		keys.add(this.redisKeys.clientAddressThrottle(ClientAddresses.block(clientAddress)));
		if (clientId != null) {
			keys.add(this.redisKeys.clientThrottle(clientId));
		}
		return keys;
	}

	private int limit(int index) {
		return (index == 0) ? this.limits.maxFailuresPerAddress() : this.limits.maxFailuresPerClient();
	}

}
