package bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import io.lettuce.core.resource.ClientResources;

import dev.jwtrevocation.system.RedisKeys;
import dev.jwtrevocation.token.JwtProperties;
import dev.jwtrevocation.token.RevocationMirror;
import dev.jwtrevocation.token.RevocationProperties;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What a revocation costs in memory: Redis bytes per revoked token ({@code used_memory}
 * before and after writing N revocation keys exactly as logout writes them, with a TTL)
 * and heap bytes per revocation held by the mirror.
 * <p>
 * Usage: {@code Memory <redis host> <redis port> <count>}; prints one JSON object.
 */
public final class Memory {

	private Memory() {
	}

	public static void main(String[] args) throws Exception {
		String host = args[0];
		int port = Integer.parseInt(args[1]);
		int count = Integer.parseInt(args[2]);
		String[] keys = new String[count];
		for (int i = 0; i < count; i++) {
			keys[i] = RedisKeys.revokedToken("user-" + (i % 5000), randomJti());
		}

		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
		factory.afterPropertiesSet();
		factory.start();
		StringRedisTemplate redis = new StringRedisTemplate(factory);
		long before = usedMemory(redis);
		redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (String key : keys) {
				connection.stringCommands()
					.set(key.getBytes(), "1".getBytes(),
							org.springframework.data.redis.core.types.Expiration.seconds(930),
							org.springframework.data.redis.connection.RedisStringCommands.SetOption.upsert());
			}
			return null;
		});
		long after = usedMemory(redis);
		redis.delete(java.util.Arrays.asList(keys));
		factory.destroy();

		JwtProperties jwt = new JwtProperties(null, "i", "a", Duration.ofMinutes(15), Duration.ofSeconds(30),
				Duration.ofDays(7));
		RevocationMirror mirror = new RevocationMirror(
				new RevocationProperties(RevocationProperties.Mode.MIRROR, Duration.ofMillis(250)), jwt,
				Clock.systemUTC(), new DataRedisConnectionDetails() {
				}, ClientResources.create());
		long heapBefore = usedHeap();
		for (String key : keys) {
			// a fresh copy, as the mirror holds the name decoded from a push: its bytes
			// count too
			mirror.recordRevoked(new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
		}
		long heapAfter = usedHeap();
		System.out.println(Propagation.toJson(Map.of("revocations", count, "redis_bytes_per_revocation",
				(after - before) / count, "heap_bytes_per_mirrored_revocation", (heapAfter - heapBefore) / count,
				"mirror_entries", mirror.size(), "example_key", "\"" + keys[0] + "\"")));
		System.exit(0);
	}

	private static long usedMemory(StringRedisTemplate redis) {
		Properties memory = redis
			.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands().info("memory"));
		return Long.parseLong(memory.getProperty("used_memory"));
	}

	private static long usedHeap() throws InterruptedException {
		MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return bean.getHeapMemoryUsage().getUsed();
	}

	private static String randomJti() {
		byte[] bytes = new byte[16];
		ThreadLocalRandom.current().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
