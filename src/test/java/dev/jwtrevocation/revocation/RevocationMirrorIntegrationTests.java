package dev.jwtrevocation.revocation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;

import dev.jwtrevocation.JwtRevocationApplication;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.support.RedisStats;
import dev.jwtrevocation.support.StallingProxy;
import dev.jwtrevocation.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three application instances on one Redis, all answering from their revocation mirror:
 * once a revocation through one of them has answered its 2xx, none of them accepts the
 * token again, whatever happens to the mirrors' connections.
 */
class RevocationMirrorIntegrationTests {

	private static final String PASSWORD = "correct horse battery";

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	private static ConfigurableApplicationContext c;

	@BeforeAll
	static void startThreeInstances() {
		a = start(TestRedis.get().url());
		b = start(TestRedis.get().url());
		c = start(TestRedis.get().url());
	}

	@AfterAll
	static void stopThem() {
		a.close();
		b.close();
		c.close();
	}

	@Test
	void logoutWhenAnsweredThenNoOtherInstanceAcceptsTheTokenAnyMore() throws Exception {
		awaitTrusted(a, b, c);
		List<ConfigurableApplicationContext> instances = List.of(a, b, c);
		String username = Api.uniqueUsername();
		api(a).register(username, PASSWORD);
		ExecutorService pollers = Executors.newFixedThreadPool(2);
		try {
			for (int trial = 0; trial < 1000; trial++) {
				Api revoker = api(instances.get(trial % 3));
				Api one = api(instances.get((trial + 1) % 3));
				Api other = api(instances.get((trial + 2) % 3));
				String token = revoker.loginToken(username, PASSWORD);
				assertThat(one.get("/api/me", token).status()).isEqualTo(200);
				assertThat(other.get("/api/me", token).status()).isEqualTo(200);

				assertThat(revoker.post("/auth/logout", token).status()).isEqualTo(204);

				// from the 204 on, in parallel, on a new connection to each
				Future<Integer> viaOne = pollers.submit(() -> one.freshConnection().get("/api/me", token).status());
				Future<Integer> viaOther = pollers.submit(() -> other.freshConnection().get("/api/me", token).status());
				assertThat(viaOne.get()).as("trial %d", trial).isEqualTo(401);
				assertThat(viaOther.get()).as("trial %d", trial).isEqualTo(401);
			}
		}
		finally {
			pollers.shutdownNow();
		}
		assertThat(mirror(b).isTrusted()).isTrue();
	}

	@Test
	void meWhenMirrorTrustedThenAnsweredWithoutAskingRedis() {
		awaitTrusted(b);
		Api viaA = api(a);
		String revoked = viaA.newUserToken(Api.uniqueUsername());
		assertThat(viaA.post("/auth/logout", revoked).status()).isEqualTo(204);
		String live = viaA.newUserToken(Api.uniqueUsername());
		long before = RedisStats.mgetCalls(redis(b));
		for (int i = 0; i < 20; i++) {
			assertThat(api(b).get("/api/me", revoked).status()).isEqualTo(401);
			assertThat(api(b).get("/api/me", live).status()).isEqualTo(200);
		}
		assertThat(RedisStats.mgetCalls(redis(b)) - before).isZero();
	}

	@Test
	void healthAndMetricsWhenTrustedThenTheMirrorIsVisibleToAnOperator() {
		awaitTrusted(b);
		Api.Response health = api(b).get("/actuator/health", null);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().get("components").get("revocationMirror").get("status").asString()).isEqualTo("UP");
		MeterRegistry meters = b.getBean(MeterRegistry.class);
		assertThat(meters.get("jwt.revocation.mirror.trusted").gauge().value()).isEqualTo(1.0);
		assertThat(meters.get("jwt.revocation.mirror.supported").gauge().value()).isEqualTo(1.0);
		assertThat(meters.get("jwt.revocation.mirror.lease.age").gauge().value()).isBetween(0.0, 1000.0);
	}

	@Test
	void logoutWhenDoneOnTheSameInstanceThenRefusedAtOnceEveryTime() {
		awaitTrusted(a);
		Api viaA = api(a);
		String username = Api.uniqueUsername();
		viaA.register(username, PASSWORD);
		for (int i = 0; i < 30; i++) {
			String token = viaA.loginToken(username, PASSWORD);
			assertThat(viaA.post("/auth/logout", token).status()).isEqualTo(204);
			assertThat(viaA.get("/api/me", token).status()).as("trial %d", i).isEqualTo(401);
		}
	}

	@Test
	void logoutAllWhenAnsweredThenOldTokensRefusedEverywhereAndTheNextLoginWorks() {
		awaitTrusted(a, b, c);
		Api viaA = api(a);
		Api viaB = api(b);
		String username = Api.uniqueUsername();
		String first = viaA.newUserToken(username);
		String second = viaA.loginToken(username, PASSWORD);

		assertThat(viaA.post("/auth/logout-all", first).status()).isEqualTo(204);

		assertThat(viaB.get("/api/me", first).status()).isEqualTo(401);
		assertThat(api(c).get("/api/me", second).status()).isEqualTo(401);
		String after = viaB.loginToken(username, PASSWORD);
		assertThat(viaB.get("/api/me", after).status()).isEqualTo(200);
		assertThat(viaA.get("/api/me", after).status()).isEqualTo(200);
	}

	@Test
	void revokeWhenTheMirrorConnectionsWereJustKilledThenTheRevokedTokenNeverGetsThrough() {
		Api viaA = api(a);
		Api viaB = api(b);
		String username = Api.uniqueUsername();
		viaA.register(username, PASSWORD);
		for (int i = 0; i < 15; i++) {
			awaitTrusted(b);
			String token = viaA.loginToken(username, PASSWORD);
			assertThat(viaB.get("/api/me", token).status()).isEqualTo(200);

			killMirrorConnections();
			assertThat(viaA.post("/auth/logout", token).status()).isEqualTo(204);

			// whether B's mirror has noticed, reconnected or not: never 200 for a revoked
			// token
			for (int poll = 0; poll < 20; poll++) {
				assertThat(viaB.get("/api/me", token).status()).as("trial %d, poll %d", i, poll).isEqualTo(401);
			}
		}
	}

	@Test
	void logoutWhenAnInstancesRedisRepliesStallThenAnsweredWithinTheLeaseAndThatInstanceNeverSays200()
			throws Exception {
		try (StallingProxy proxy = new StallingProxy(TestRedis.get().host(), TestRedis.get().port());
				ConfigurableApplicationContext stalled = start(proxy.url())) {
			awaitTrusted(a, stalled);
			Api viaA = api(a);
			Api viaStalled = api(stalled);
			String token = viaA.newUserToken(Api.uniqueUsername());
			assertThat(viaStalled.get("/api/me", token).status()).isEqualTo(200);

			proxy.stall();
			long start = System.nanoTime();
			assertThat(viaA.post("/auth/logout", token).status()).isEqualTo(204);
			Duration took = Duration.ofNanos(System.nanoTime() - start);

			// the lease (1 s) bounds the wait for a mirror that cannot confirm
			assertThat(took).isLessThan(Duration.ofMillis(2500));
			for (int poll = 0; poll < 5; poll++) {
				assertThat(viaStalled.get("/api/me", token).status()).isIn(401, 503);
			}
			proxy.resume();
			await().atMost(Duration.ofSeconds(5)).until(mirror(stalled)::isTrusted);
			assertThat(viaStalled.get("/api/me", token).status()).isEqualTo(401);
		}
	}

	@Test
	void stallWhenShorterThanTheReconnectThresholdThenTrustComesBackWithoutReloading() throws Exception {
		try (StallingProxy proxy = new StallingProxy(TestRedis.get().host(), TestRedis.get().port());
				ConfigurableApplicationContext stalled = start(proxy.url())) {
			awaitTrusted(stalled);
			List<String> before = mirrorClientIds();
			proxy.stall();
			await().atMost(Duration.ofSeconds(3)).until(() -> !mirror(stalled).isTrusted());
			Thread.sleep(300);
			proxy.resume();
			await().atMost(Duration.ofSeconds(3)).until(mirror(stalled)::isTrusted);
			// the same connection: no resynchronization after a short pause
			assertThat(mirrorClientIds()).containsAll(before);
		}
	}

	@Test
	void flushAllWhenDoneThenTheMirrorResynchronizesAndSeesNewRevocations() {
		awaitTrusted(a, b);
		redis(a).execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushAll();
			return null;
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> mirror(b).isTrusted() && mirror(b).size() == 0);

		Api viaA = api(a);
		String token = viaA.newUserToken(Api.uniqueUsername());
		assertThat(viaA.post("/auth/logout", token).status()).isEqualTo(204);
		assertThat(api(b).get("/api/me", token).status()).isEqualTo(401);
	}

	@Test
	void startWhenRevocationsExistThenTheNewInstanceLoadsThemBeforeAnsweringFromMemory() {
		Api viaA = api(a);
		String token = viaA.newUserToken(Api.uniqueUsername());
		assertThat(viaA.post("/auth/logout", token).status()).isEqualTo(204);

		try (ConfigurableApplicationContext fresh = start(TestRedis.get().url())) {
			awaitTrusted(fresh);
			assertThat(mirror(fresh).size()).isPositive();
			long before = RedisStats.mgetCalls(redis(fresh));
			assertThat(api(fresh).get("/api/me", token).status()).isEqualTo(401);
			assertThat(RedisStats.mgetCalls(redis(fresh)) - before).isZero();
		}
	}

	private static void killMirrorConnections() {
		List<String> addresses = new ArrayList<>();
		for (String line : clientList()) {
			if (line.contains(" name=" + RevocationFeed.CLIENT_NAME + " ")) {
				String address = line.substring(line.indexOf(" addr=") + 6);
				addresses.add(address.substring(0, address.indexOf(' ')));
			}
		}
		assertThat(addresses).isNotEmpty();
		AtomicInteger killed = new AtomicInteger();
		for (String address : addresses) {
			String host = address.substring(0, address.lastIndexOf(':'));
			int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
			redis(a).execute((RedisCallback<Object>) (connection) -> {
				connection.serverCommands().killClient(host, port);
				killed.incrementAndGet();
				return null;
			});
		}
		assertThat(killed).hasValue(addresses.size());
	}

	private static List<String> mirrorClientIds() {
		List<String> ids = new ArrayList<>();
		for (String line : clientList()) {
			if (line.contains(" name=" + RevocationFeed.CLIENT_NAME + " ")) {
				ids.add(line.substring(0, line.indexOf(' ')));
			}
		}
		return ids;
	}

	private static String[] clientList() {
		return String.valueOf(redis(a).execute((RedisCallback<Object>) (connection) -> {
			Object reply = connection.execute("CLIENT", "LIST".getBytes(StandardCharsets.UTF_8));
			return (reply instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : reply;
		})).split("\n");
	}

	static ConfigurableApplicationContext start(String redisUrl) {
		return Instances.start("--spring.data.redis.url=" + redisUrl, "--revocation.mode=mirror");
	}

	static void awaitTrusted(ConfigurableApplicationContext... contexts) {
		for (ConfigurableApplicationContext context : contexts) {
			await().atMost(Duration.ofSeconds(5)).until(mirror(context)::isTrusted);
		}
	}

	static Api api(ConfigurableApplicationContext context) {
		return new Api(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	static RevocationMirror mirror(ConfigurableApplicationContext context) {
		return context.getBean(RevocationMirror.class);
	}

	static StringRedisTemplate redis(ConfigurableApplicationContext context) {
		return context.getBean(StringRedisTemplate.class);
	}

}
