package dev.jwtrevocation.revocation;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.RedisProcess;
import dev.jwtrevocation.support.SentinelTopology;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Revocations across a Sentinel failover, with real processes: a primary, a replica and
 * three Sentinels, two instances of the service in mirror mode. Revoke, get the 2xx, kill
 * the primary with SIGKILL at once, wait for the failover, and ask both instances.
 * <p>
 * Opt-in: {@code -Dsentinel.failovers=N} runs it ({@code 100}: 17 minutes here, 100 of
 * 100 revocations refused by both instances after their failover, on 2026-11-30). Not in
 * the build yet: on a loaded CI machine the Sentinels once took more than 30 s to list a
 * new replica as healthy (a Sentinel asks its primary about replicas every 10 s), which
 * needs a sturdier wait before this can gate every change.
 */
class SentinelFailoverIntegrationTests {

	private static final Integer FAILOVERS = Integer.getInteger("sentinel.failovers");

	private static final String PASSWORD = "correct horse battery";

	@Test
	void revocationWhenReplicasDurabilityThenNoneIsLostAcrossFailovers() {
		assumeTrue(FAILOVERS != null, "opt-in: -Dsentinel.failovers=N");
		assumeTrue(Files.isExecutable(RedisProcess.DEBIAN_BINARY), "Debian's redis-server is not installed");
		try (SentinelTopology redis = SentinelTopology.start();
				ConfigurableApplicationContext a = start(redis, "--revocation.durability=replicas");
				ConfigurableApplicationContext b = start(redis, "--revocation.durability=replicas")) {
			Api onA = Api.of(a);
			Api onB = Api.of(b);
			String username = Api.uniqueUsername();
			assertThat(onA.register(username, PASSWORD).status()).isEqualTo(201);
			List<String> revoked = new ArrayList<>();
			for (int i = 0; i < FAILOVERS; i++) {
				String token = loginAfterFailover(onA, username);
				assertThat(onA.post("/auth/logout", token).status()).isEqualTo(204);
				revoked.add(token);
				redis.killPrimaryAndAwaitFailover();
				for (Api instance : List.of(onA, onB)) {
					assertThat(answerOnceReachable(instance, token)).as("failover %d", i).isEqualTo(401);
				}
				redis.addReplica();
			}
			// none came back later either, once the copies have resynchronized
			await().atMost(Duration.ofSeconds(10))
				.until(() -> a.getBean(RevocationMirror.class).isTrusted()
						&& b.getBean(RevocationMirror.class).isTrusted());
			for (String token : revoked) {
				assertThat(onA.get("/api/me", token).status()).isEqualTo(401);
				assertThat(onB.get("/api/me", token).status()).isEqualTo(401);
			}
		}
	}

	/**
	 * The first answer that is not a 503 (the instance reconnecting to the new primary).
	 */
	private static int answerOnceReachable(Api instance, String token) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		int status;
		do {
			status = instance.get("/api/me", token).status();
		}
		while (status == 503 && System.nanoTime() < deadline && pause());
		return status;
	}

	private static String loginAfterFailover(Api instance, String username) {
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> instance.login(username, PASSWORD).status() == 200);
		return instance.loginToken(username, PASSWORD);
	}

	private static boolean pause() {
		try {
			Thread.sleep(50);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static ConfigurableApplicationContext start(SentinelTopology redis, String durability) {
		return Instances.start("--spring.data.redis.sentinel.master=" + SentinelTopology.MASTER,
				"--spring.data.redis.sentinel.nodes=" + redis.sentinelNodes(),
				"--auth.login-throttle.max-failures-per-address=100000", durability);
	}

}
