package bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import dev.jwtrevocation.revocation.RevocationKeys;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Grows the denylist: writes live revocation keys of other users straight into Redis (as
 * that many logouts would), then waits until the running mirrors have re-read them (Redis
 * falls quiet), so that a throughput run after it measures a mirror holding them.
 * <p>
 * Usage: {@code Denylist <redis port> <count>}, or {@code Denylist <redis port> clear} to
 * remove them (and the revoked tokens of {@link Tokens}) again.
 */
public final class Denylist {

	private static final int TTL_MILLIS = 3 * 3600 * 1000;

	private Denylist() {
	}

	public static void main(String[] args) throws InterruptedException {
		if ("clear".equals(args[1])) {
			clear(Integer.parseInt(args[0]));
			return;
		}
		int count = Integer.parseInt(args[1]);
		SecureRandom random = new SecureRandom();
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		List<String> keys = new ArrayList<>(count);
		byte[] id = new byte[16];
		for (int i = 0; i < count; i++) {
			random.nextBytes(id);
			keys.add(RevocationKeys.DEFAULT.token("denied-" + (i % 100_000), encoder.encodeToString(id)));
		}
		write(Integer.parseInt(args[0]), keys);
	}

	static void write(int port, List<String> keys) throws InterruptedException {
		LettuceConnectionFactory factory = connect(port);
		StringRedisTemplate redis = new StringRedisTemplate(factory);
		for (int from = 0; from < keys.size(); from += 10_000) {
			List<String> batch = keys.subList(from, Math.min(keys.size(), from + 10_000));
			redis.executePipelined((RedisCallback<Object>) (connection) -> {
				for (String key : batch) {
					connection.stringCommands().pSetEx(key.getBytes(), TTL_MILLIS, "1".getBytes());
				}
				return null;
			});
		}
		awaitQuiet(redis);
		factory.destroy();
	}

	private static void clear(int port) throws InterruptedException {
		LettuceConnectionFactory factory = connect(port);
		StringRedisTemplate redis = new StringRedisTemplate(factory);
		for (String pattern : List.of(RevocationKeys.DEFAULT.prefix() + "{denied-*",
				RevocationKeys.DEFAULT.prefix() + "{bench-user-*")) {
			List<String> batch = new ArrayList<>();
			try (var keys = redis.scan(org.springframework.data.redis.core.ScanOptions.scanOptions()
				.match(pattern)
				.count(10_000)
				.build())) {
				keys.forEachRemaining((key) -> {
					batch.add(key);
					if (batch.size() == 10_000) {
						redis.unlink(batch);
						batch.clear();
					}
				});
			}
			if (!batch.isEmpty()) {
				redis.unlink(batch);
			}
		}
		awaitQuiet(redis);
		factory.destroy();
	}

	private static LettuceConnectionFactory connect(int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/** Every mirror re-reads each pushed key: waits until Redis has answered them all. */
	private static void awaitQuiet(StringRedisTemplate redis) throws InterruptedException {
		int quiet = 0;
		while (quiet < 3) {
			Thread.sleep(1_000);
			Properties stats = redis
				.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands().info("stats"));
			quiet = (Long.parseLong(stats.getProperty("instantaneous_ops_per_sec")) < 500) ? quiet + 1 : 0;
		}
	}

}
