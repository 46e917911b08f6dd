package dev.jwtrevocation.revocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.ClusterTopology;
import dev.jwtrevocation.support.Instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A revocation loop across two mirrored instances while the cluster changes under it:
 * slots migrate between primaries with their keys, and primaries fail over (manually: the
 * old primary keeps running as a replica, so its connections stay open). A revoked token
 * must never be accepted again, whatever the moment.
 */
class ClusterTopologyChangeIntegrationTests {

	private static final String PASSWORD = "correct horse battery";

	@Test
	void logoutWhileSlotsMigrateAndPrimariesFailOverThenNoRevokedTokenIsEverAccepted() throws Exception {
		assumeTrue(ClusterTopology.available(), "Debian's redis-server and redis-cli are not installed");
		try (ClusterTopology cluster = ClusterTopology.start();
				ConfigurableApplicationContext first = start(cluster);
				ConfigurableApplicationContext second = start(cluster)) {
			ClusterIntegrationTests.awaitTrusted(first, second);
			Api one = Api.of(first);
			Api two = Api.of(second);
			List<String> users = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				String username = Api.uniqueUsername();
				assertThat(one.register(username, PASSWORD).status()).isEqualTo(201);
				users.add(username);
			}
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicInteger revoked = new AtomicInteger();
			AtomicInteger refusedLater = new AtomicInteger();
			List<String> accepted = new ArrayList<>();
			ExecutorService loop = Executors.newFixedThreadPool(3);
			Future<?> revocations = loop.submit(() -> {
				for (int trial = 0; running.get(); trial++) {
					Api revoker = (trial % 2 == 0) ? one : two;
					Api other = (trial % 2 == 0) ? two : one;
					Api.Response login = revoker.login(users.get(trial % users.size()), PASSWORD);
					if (login.status() != 200) {
						continue;
					}
					String token = login.json().get("access_token").asString();
					other.get("/api/me", token);
					if (revoker.post("/auth/logout", token).status() != 204) {
						continue;
					}
					revoked.incrementAndGet();
					Future<Integer> viaOther = loop
						.submit(() -> other.freshConnection().get("/api/me", token).status());
					Future<Integer> viaRevoker = loop
						.submit(() -> revoker.freshConnection().get("/api/me", token).status());
					if (viaOther.get() == 200 || viaRevoker.get() == 200) {
						synchronized (accepted) {
							accepted.add("trial " + trial + ": " + viaOther.get() + "/" + viaRevoker.get());
						}
					}
					else {
						refusedLater.incrementAndGet();
					}
				}
				return null;
			});
			try {
				Thread.sleep(1000);
				for (int round = 0; round < 2; round++) {
					// a user's slot moves to another primary with its keys, and back
					String moving = users.get(round);
					int slot = SlotHash.getSlot(RevocationKeys.DEFAULT.cutoff(moving));
					int from = cluster.primaryOf(RevocationKeys.DEFAULT.cutoff(moving));
					int to = cluster.primaries().stream().filter((port) -> port != from).findFirst().orElseThrow();
					cluster.migrateSlot(slot, from, to);
					Thread.sleep(1000);
					cluster.migrateSlot(slot, to, from);
					Thread.sleep(1000);
					// the primary of the lease registry, then the primary of a user
					cluster.failOver(cluster.primaryOf(RevocationKeys.DEFAULT.mirrors()));
					Thread.sleep(2000);
					cluster.failOver(cluster.primaryOf(RevocationKeys.DEFAULT.cutoff(users.get(5 - round))));
					Thread.sleep(2000);
				}
			}
			finally {
				running.set(false);
				revocations.get();
				loop.shutdownNow();
			}
			System.out.println("Revoked during topology changes: " + revoked.get() + ", refused afterwards: "
					+ refusedLater.get());
			assertThat(accepted).as("revoked tokens accepted afterwards").isEmpty();
			assertThat(revoked.get()).isGreaterThan(50).isEqualTo(refusedLater.get());
			// the copies reloaded from the new primaries and answer again
			ClusterIntegrationTests.awaitTrusted(first, second);
			String token = two.loginToken(users.get(0), PASSWORD);
			assertThat(one.post("/auth/logout", token).status()).isEqualTo(204);
			assertThat(two.get("/api/me", token).status()).isEqualTo(401);
		}
	}

	private static ConfigurableApplicationContext start(ClusterTopology cluster) {
		return Instances.start("--spring.data.redis.cluster.nodes=" + cluster.nodes());
	}

}
