package bench;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

import dev.jwtrevocation.revocation.RevocationKeys;
import dev.jwtrevocation.revocation.RevocationMirror;
import dev.jwtrevocation.support.Api;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What a revocation costs in memory.
 * <ul>
 * <li>Redis bytes a logout leaves behind: {@code used_memory} before N logins and after
 * their N logouts through the running application (so the sessions the logins created and
 * the logouts deleted cancel out), for a logout right after login (the common case: one
 * key) and for a logout after a refresh (the session may still hold the previous access
 * token: two keys).</li>
 * <li>Heap bytes per revocation held by a mirror that loaded N revocation keys.</li>
 * </ul>
 * Usage: {@code Memory <redis host> <redis port> <app port> <logouts> <mirrored>}; prints
 * one JSON object.
 */
public final class Memory {

	private static final String PASSWORD = "benchmark password";

	private Memory() {
	}

	public static void main(String[] args) throws Exception {
		String host = args[0];
		int port = Integer.parseInt(args[1]);
		Api app = new Api(Integer.parseInt(args[2]));
		int logouts = Integer.parseInt(args[3]);
		int mirrored = Integer.parseInt(args[4]);

		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
		factory.afterPropertiesSet();
		factory.start();
		StringRedisTemplate redis = new StringRedisTemplate(factory);

		String username = "mem-" + Long.toString(System.nanoTime() % 1_000_000, 36);
		app.register(username, PASSWORD);
		long plain = bytesLeftPerLogout(redis, app, username, logouts, false);
		double plainKeys = revocationKeys(redis, username) / (double) logouts;
		String refreshedUser = username + "r";
		app.register(refreshedUser, PASSWORD);
		long refreshed = bytesLeftPerLogout(redis, app, refreshedUser, logouts / 2, true);
		double refreshedKeys = revocationKeys(redis, refreshedUser) / (double) (logouts / 2);

		List<String> keys = new ArrayList<>(mirrored);
		for (int i = 0; i < mirrored; i++) {
			keys.add(RevocationKeys.DEFAULT.token("user-" + (i % 5000), randomJti()));
		}
		long beforeKeys = usedMemory(redis);
		redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (String key : keys) {
				connection.stringCommands().pSetEx(key.getBytes(), 960_000, "1".getBytes());
			}
			return null;
		});
		long bytesPerKey = (usedMemory(redis) - beforeKeys) / mirrored;
		RedisClient client = RedisClient.create(RedisURI.create(host, port));
		long heapBefore = usedHeap();
		RevocationMirror mirror = new RevocationMirror(true, RevocationKeys.DEFAULT, () -> client,
				Duration.ofSeconds(1), Clock.systemUTC());
		long started = System.nanoTime();
		mirror.start();
		awaitTrusted(mirror);
		long loadMillis = (System.nanoTime() - started) / 1_000_000;
		long heapAfter = usedHeap();
		int entries = mirror.size();
		// a resync: the mirror's connection is killed, it reconnects and loads everything
		// again before it is trusted
		List<Long> resyncs = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			long killed = System.nanoTime();
			killMirrorConnection(redis);
			long deadline = System.currentTimeMillis() + 5_000;
			while (mirror.isTrusted() && System.currentTimeMillis() < deadline) {
				Thread.onSpinWait();
			}
			awaitTrusted(mirror);
			resyncs.add((System.nanoTime() - killed) / 1_000_000);
		}
		resyncs.sort(null);
		mirror.stop();
		client.shutdown();
		redis.delete(keys);
		factory.destroy();
		Map<String, Object> results = new java.util.TreeMap<>(Map.of("logouts", logouts, "raw_bytes_per_logout", plain,
				"redis_keys_per_logout", plainKeys, "raw_bytes_per_logout_after_refresh", refreshed,
				"redis_keys_per_logout_after_refresh", refreshedKeys, "redis_bytes_per_key", bytesPerKey,
				"redis_bytes_per_logout", Math.round(plainKeys * bytesPerKey), "redis_bytes_per_logout_after_refresh",
				Math.round(refreshedKeys * bytesPerKey)));
		results.putAll(Map.of("mirrored_revocations", mirrored, "heap_bytes_per_mirrored_revocation",
				(heapAfter - heapBefore) / Math.max(1, entries), "mirror_entries", entries, "example_key",
				"\"" + keys.get(0) + "\"", "mirror_load_millis", loadMillis, "mirror_resync_millis_median",
				resyncs.get(1)));
		System.out.println(Propagation.toJson(results));
		System.exit(0);
	}

	private static void awaitTrusted(RevocationMirror mirror) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 120_000;
		while (!mirror.isTrusted() && System.currentTimeMillis() < deadline) {
			Thread.sleep(1);
		}
	}

	private static void killMirrorConnection(StringRedisTemplate redis) {
		redis.execute((RedisCallback<Object>) (connection) -> {
			for (var client : connection.serverCommands().getClientList()) {
				if ("jwt-revocation-mirror".equals(client.getName())) {
					connection.serverCommands()
						.killClient(client.getAddressPort().split(":")[0],
								Integer.parseInt(client.getAddressPort().split(":")[1]));
				}
			}
			return null;
		});
	}

	private static long bytesLeftPerLogout(StringRedisTemplate redis, Api app, String username, int count,
			boolean refreshFirst) {
		List<String> tokens = new ArrayList<>(count);
		long before = usedMemory(redis);
		for (int i = 0; i < count; i++) {
			Api.Response login = app.login(username, PASSWORD);
			String access = login.json().get("access_token").asString();
			if (refreshFirst) {
				Api.Response refresh = app.refresh(login.json().get("refresh_token").asString());
				access = refresh.json().get("access_token").asString();
			}
			tokens.add(access);
		}
		for (String token : tokens) {
			if (app.post("/auth/logout", token).status() != 204) {
				throw new IllegalStateException("logout failed");
			}
		}
		return (usedMemory(redis) - before) / count;
	}

	private static long revocationKeys(StringRedisTemplate redis, String username) {
		return redis.keys(RevocationKeys.DEFAULT.prefix() + RevocationKeys.tag(username) + ":*").size();
	}

	private static long usedMemory(StringRedisTemplate redis) {
		Properties memory = redis
			.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands().info("memory"));
		return Long.parseLong(memory.getProperty("used_memory"));
	}

	private static long usedHeap() throws InterruptedException {
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static String randomJti() {
		byte[] bytes = new byte[16];
		ThreadLocalRandom.current().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
