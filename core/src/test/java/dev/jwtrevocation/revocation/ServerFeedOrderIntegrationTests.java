package dev.jwtrevocation.revocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import org.junit.jupiter.api.Test;

import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order the lease rests on ({@link RevocationKeys}), checked against the Redis the
 * tests run on: a mirror tracking the revocations and its own heartbeats receives a
 * revocation written before a heartbeat no later than the heartbeat, even when both are
 * written in one event-loop cycle (one script); and it never receives another mirror's
 * heartbeats.
 */
class ServerFeedOrderIntegrationTests {

	@Test
	void pushesWhenARevocationAndAHeartbeatAreWrittenInOneCycleThenTheRevocationArrivesFirst() {
		RevocationKeys keys = new RevocationKeys("ord" + UUID.randomUUID().toString().substring(0, 8));
		RedisClient client = RedisClient.create(TestRedis.get().url());
		try (StatefulRedisConnection<String, String> tracking = client.connect();
				StatefulRedisConnection<String, String> writer = client.connect()) {
			List<String> arrived = Collections.synchronizedList(new ArrayList<>());
			tracking.addListener((PushMessage message) -> {
				if (ServerFeed.isInvalidation(message) && ServerFeed.invalidated(message) != null) {
					arrived.addAll(ServerFeed.invalidated(message));
				}
			});
			tracking.sync()
				.clientTracking(
						TrackingArgs.Builder.enabled().bcast().prefixes(keys.prefix(), keys.heartbeatPrefix("mine")));
			int rounds = 200;
			for (int round = 0; round < rounds; round++) {
				writer.sync()
					.eval("redis.call('SET', KEYS[1], '1', 'PX', 60000) redis.call('SET', KEYS[2], '1', 'PX', 60000) "
							+ "redis.call('SET', KEYS[3], '1', 'PX', 60000) return 1", ScriptOutputType.INTEGER,
							keys.token("user-" + round, "jti-" + round), keys.heartbeat("other", round),
							keys.heartbeat("mine", round));
			}

			await().atMost(Duration.ofSeconds(10)).until(() -> arrived.size() >= 2 * rounds);
			List<String> order = new ArrayList<>(arrived);
			for (int round = 0; round < rounds; round++) {
				int revocation = order.indexOf(keys.token("user-" + round, "jti-" + round));
				int heartbeat = order.indexOf(keys.heartbeat("mine", round));
				assertThat(revocation).as("round %d", round).isNotNegative().isLessThan(heartbeat);
			}
			assertThat(order).noneMatch((key) -> key.startsWith(keys.heartbeatPrefix("other")));
		}
		finally {
			client.shutdown();
		}
	}

}
