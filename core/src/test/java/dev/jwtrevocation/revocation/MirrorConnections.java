package dev.jwtrevocation.revocation;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * What an operator's {@code CLIENT KILL} of every mirror connection does: each connection
 * named {@link RevocationFeed#CLIENT_NAME} on one server is killed.
 */
final class MirrorConnections {

	private MirrorConnections() {
	}

	/**
	 * @return how many connections were killed
	 */
	static int kill(RedisClient admin) {
		try (StatefulRedisConnection<String, String> connection = admin.connect()) {
			return kill(connection);
		}
	}

	/**
	 * @return how many connections were killed
	 */
	static int kill(StatefulRedisConnection<String, String> admin) {
		int killed = 0;
		for (String line : admin.sync().clientList().split("\n")) {
			if (line.contains(" name=" + RevocationFeed.CLIENT_NAME + " ")) {
				admin.sync().clientKill(KillArgs.Builder.id(Long.parseLong(line.substring(3, line.indexOf(' ')))));
				killed++;
			}
		}
		return killed;
	}

}
