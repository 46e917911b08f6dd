package dev.jwtrevocation.support;

import java.util.Properties;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What the Redis server says it did, read with {@code INFO}: how the tests prove that a
 * request asked Redis, or did not.
 */
public final class RedisStats {

	private RedisStats() {
	}

	/**
	 * How many {@code MGET} calls the server has processed: the strict check's one
	 * command, which nothing else in the application sends.
	 */
	public static long mgetCalls(StringRedisTemplate redis) {
		Properties stats = redis
			.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands().info("commandstats"));
		String mget = stats.getProperty("cmdstat_mget");
		if (mget == null) {
			return 0;
		}
		int start = mget.indexOf("calls=") + 6;
		return Long.parseLong(mget.substring(start, mget.indexOf(',', start)));
	}

}
