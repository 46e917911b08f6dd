package dev.jwtrevocation.revocation;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.RedisProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A revocation acknowledged under {@code revocation.durability=replicas} is on the
 * replica when its 2xx arrives, so a failover to that replica cannot lose it; when the
 * replica cannot acknowledge in time, the answer is a 503 and the write stays. Real
 * redis-server processes: a primary and a replica.
 */
@ExtendWith(OutputCaptureExtension.class)
class DurableRevocationIntegrationTests {

	private static final String PASSWORD = "correct horse battery";

	@Test
	void logoutWhenReplicasDurabilityThenEveryRevocationIsOnTheReplicaBeforeIts204() {
		try (RedisProcess primary = redis();
				RedisProcess replica = replicaOf(primary);
				ConfigurableApplicationContext app = start(primary, "--revocation.durability=replicas")) {
			Api api = Api.of(app);
			String username = Api.uniqueUsername();
			assertThat(api.register(username, PASSWORD).status()).isEqualTo(201);
			RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", replica.port()));
			try (StatefulRedisConnection<String, String> onReplica = client.connect()) {
				List<String> missing = new ArrayList<>();
				for (int i = 0; i < 50; i++) {
					String token = api.loginToken(username, PASSWORD);
					String jti = api.get("/api/me", token).json().get("jti").asString();
					assertThat(api.post("/auth/logout", token).status()).isEqualTo(204);
					// read at once, no waiting: the 204 promised it is there
					if (onReplica.sync().exists(RevocationKeys.DEFAULT.token(username, jti)) != 1) {
						missing.add(jti);
					}
				}
				assertThat(missing).as("revocations acknowledged but not on the replica").isEmpty();
			}
			finally {
				client.shutdown();
			}
		}
	}

	@Test
	void logoutWhenTheReplicaLagsThenThe204WaitsForIt() throws Exception {
		try (RedisProcess primary = redis();
				RedisProcess replica = replicaOf(primary);
				ConfigurableApplicationContext app = start(primary, "--revocation.durability=replicas",
						"--revocation.durability-timeout=2s")) {
			Api api = Api.of(app);
			String username = Api.uniqueUsername();
			JsonNode login = api.newUserLogin(username, PASSWORD);
			String token = login.get("access_token").asString();
			String jti = api.get("/api/me", token).json().get("jti").asString();
			replica.pause();
			CompletableFuture<Response> logout;
			try {
				logout = CompletableFuture.supplyAsync(() -> api.post("/auth/logout", token));
				Thread.sleep(300);
				// with durability=primary it would have answered by now, the replica
				// lacking it
				assertThat(logout).isNotDone();
			}
			finally {
				replica.resume();
			}
			assertThat(logout.get(5, TimeUnit.SECONDS).status()).isEqualTo(204);
			RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", replica.port()));
			try (StatefulRedisConnection<String, String> onReplica = client.connect()) {
				assertThat(onReplica.sync().exists(RevocationKeys.DEFAULT.token(username, jti))).isEqualTo(1);
			}
			finally {
				client.shutdown();
			}
		}
	}

	@Test
	void logoutWhenTheReplicaStallsThen503AndTheRevocationStillHolds() {
		try (RedisProcess primary = redis();
				RedisProcess replica = replicaOf(primary);
				ConfigurableApplicationContext app = start(primary, "--revocation.durability=replicas",
						"--revocation.durability-timeout=300ms")) {
			Api api = Api.of(app);
			JsonNode login = api.newUserLogin(Api.uniqueUsername(), PASSWORD);
			String token = login.get("access_token").asString();
			replica.pause();
			try {
				Response logout = api.post("/auth/logout", token);
				assertThat(logout.status()).as(logout.body()).isEqualTo(503);
				assertThat(logout.json().get("type").asString()).endsWith(":revocation-unavailable");
				assertThat(logout.header("Retry-After")).isNotBlank();
				assertThat(logout.elapsed()).isLessThan(Duration.ofSeconds(2));
				// the write stayed: the token is refused, never accepted again
				await().atMost(Duration.ofSeconds(2))
					.untilAsserted(() -> assertThat(api.get("/api/me", token).status()).isEqualTo(401));
			}
			finally {
				replica.resume();
			}
			// a retry of the logout finds the token revoked already: done either way
			assertThat(api.post("/auth/logout", token).status()).isEqualTo(401);
		}
	}

	@Test
	void startWhenAutoDurabilityThenReplicasIfThePrimaryHasOneElsePrimaryWithAWarning(CapturedOutput output) {
		try (RedisProcess primary = redis();
				RedisProcess replica = replicaOf(primary);
				ConfigurableApplicationContext app = start(primary)) {
			assertThat(app.getBean(AcknowledgedWrites.class).effective())
				.isEqualTo(AcknowledgedWrites.Durability.REPLICAS);
		}
		try (RedisProcess alone = redis(); ConfigurableApplicationContext app = start(alone)) {
			assertThat(app.getBean(AcknowledgedWrites.class).effective())
				.isEqualTo(AcknowledgedWrites.Durability.PRIMARY);
			assertThat(output).contains("a failover can lose them");
		}
	}

	@Test
	void startWhenAofDurabilityOnAServerWithoutWaitaofThenRefusedWithOneLine(CapturedOutput output) {
		try (RedisProcess primary = redis()) {
			assumeTrue(!supportsWaitAof(primary), "this redis-server has WAITAOF");
			assertThatException().isThrownBy(() -> start(primary, "--revocation.durability=aof").close());
			assertThat(output).contains("revocation.durability is aof, but this Redis has no WAITAOF");
		}
	}

	private static boolean supportsWaitAof(RedisProcess redis) {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", redis.port()));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			List<Object> info = connection.sync().commandInfo("WAITAOF");
			return !info.isEmpty() && info.get(0) != null;
		}
		finally {
			client.shutdown();
		}
	}

	private static RedisProcess redis() {
		assumeTrue(Files.isExecutable(RedisProcess.DEBIAN_BINARY), "Debian's redis-server is not installed");
		return RedisProcess.start(RedisProcess.DEBIAN_BINARY, false);
	}

	private static RedisProcess replicaOf(RedisProcess primary) {
		RedisProcess replica = RedisProcess.start(RedisProcess.DEBIAN_BINARY, false, "--replicaof", "127.0.0.1",
				String.valueOf(primary.port()));
		await().atMost(Duration.ofSeconds(10)).until(() -> replica.log().contains("MASTER <-> REPLICA sync: Finished"));
		return replica;
	}

	private static ConfigurableApplicationContext start(RedisProcess primary, String... more) {
		List<String> args = new ArrayList<>(List.of(Instances.redisAt(primary.port())));
		args.addAll(List.of(more));
		return Instances.start(args.toArray(new String[0]));
	}

}
