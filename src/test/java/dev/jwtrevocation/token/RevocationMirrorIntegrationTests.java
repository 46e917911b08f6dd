package dev.jwtrevocation.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.jwtrevocation.JwtRevocationApplication;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.IntegrationTest;
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
 * Two application instances on one Redis, both answering from their revocation mirror: a
 * revocation through one is seen by the other, and no failure of the mirror's connection
 * ever lets a revoked token through.
 */
class RevocationMirrorIntegrationTests {

	private static final String PASSWORD = "correct horse battery";

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void startTwoInstances() {
		a = start();
		b = start();
	}

	@AfterAll
	static void stopThem() {
		a.close();
		b.close();
	}

	@Test
	void logoutWhenDoneThroughAThenBRefusesTheTokenFromItsMirror() {
		awaitTrusted(a, b);
		Api viaA = api(a);
		Api viaB = api(b);
		String username = Api.uniqueUsername();
		String token = viaA.newUserToken(username);
		assertThat(viaB.get("/api/me", token).status()).isEqualTo(200);

		assertThat(viaA.post("/auth/logout", token).status()).isEqualTo(204);

		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(1))
			.until(() -> viaB.get("/api/me", token).status() == 401);
		assertThat(mirror(b).isTrusted()).isTrue();
		long before = StrictModeIntegrationTests.commandsProcessed(redis(b));
		assertThat(viaB.get("/api/me", token).status()).isEqualTo(401);
		// answered from memory: only the INFO calls themselves (and perhaps a mirror
		// PING)
		assertThat(StrictModeIntegrationTests.commandsProcessed(redis(b)) - before).isLessThanOrEqualTo(3);
	}

	@Test
	void logoutWhenDoneOnTheSameInstanceThenRefusedAtOnceEveryTime() {
		awaitTrusted(a);
		Api viaA = api(a);
		String username = Api.uniqueUsername();
		viaA.register(username, PASSWORD);
		for (int i = 0; i < 50; i++) {
			String token = viaA.loginToken(username, PASSWORD);
			assertThat(viaA.post("/auth/logout", token).status()).isEqualTo(204);
			assertThat(viaA.get("/api/me", token).status()).as("trial %d", i).isEqualTo(401);
		}
	}

	@Test
	void logoutAllWhenDoneThroughAThenBRefusesOldTokensAndAcceptsTheNextLogin() {
		awaitTrusted(a, b);
		Api viaA = api(a);
		Api viaB = api(b);
		String username = Api.uniqueUsername();
		String first = viaA.newUserToken(username);
		String second = viaA.loginToken(username, PASSWORD);

		assertThat(viaA.post("/auth/logout-all", first).status()).isEqualTo(204);
		String after = viaB.loginToken(username, PASSWORD);

		assertThat(viaB.get("/api/me", after).status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(1))
			.until(() -> viaB.get("/api/me", first).status() == 401 && viaB.get("/api/me", second).status() == 401);
		assertThat(viaA.get("/api/me", after).status()).isEqualTo(200);
	}

	@Test
	void revokeWhenTheMirrorConnectionWasJustKilledThenTheRevokedTokenNeverGetsThrough() {
		Api viaA = api(a);
		Api viaB = api(b);
		String username = Api.uniqueUsername();
		viaA.register(username, PASSWORD);
		for (int i = 0; i < 20; i++) {
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
	void flushAllWhenDoneThenTheMirrorResynchronizesAndSeesNewRevocations() {
		awaitTrusted(a, b);
		redis(a).execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushAll();
			return null;
		});
		awaitTrusted(b);
		assertThat(mirror(b).size()).isZero();

		Api viaA = api(a);
		Api viaB = api(b);
		String token = viaA.newUserToken(Api.uniqueUsername());
		assertThat(viaA.post("/auth/logout", token).status()).isEqualTo(204);
		await().atMost(Duration.ofSeconds(1)).until(() -> viaB.get("/api/me", token).status() == 401);
	}

	@Test
	void startWhenRevocationsExistThenTheNewInstanceLoadsThemBeforeAnsweringFromMemory() {
		Api viaA = api(a);
		String token = viaA.newUserToken(Api.uniqueUsername());
		assertThat(viaA.post("/auth/logout", token).status()).isEqualTo(204);

		try (ConfigurableApplicationContext c = start()) {
			awaitTrusted(c);
			assertThat(mirror(c).size()).isPositive();
			long before = StrictModeIntegrationTests.commandsProcessed(redis(c));
			assertThat(api(c).get("/api/me", token).status()).isEqualTo(401);
			assertThat(StrictModeIntegrationTests.commandsProcessed(redis(c)) - before).isLessThanOrEqualTo(3);
		}
	}

	private static void killMirrorConnections() {
		StringRedisTemplate redis = redis(a);
		String clients = String.valueOf(redis.execute((RedisCallback<Object>) (connection) -> {
			Object reply = connection.execute("CLIENT", "LIST".getBytes(StandardCharsets.UTF_8));
			return (reply instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : reply;
		}));
		List<String> addresses = new ArrayList<>();
		for (String line : clients.split("\n")) {
			if (line.contains(" name=" + RevocationMirror.CLIENT_NAME + " ")) {
				String address = line.substring(line.indexOf(" addr=") + 6);
				addresses.add(address.substring(0, address.indexOf(' ')));
			}
		}
		assertThat(addresses).isNotEmpty();
		for (String address : addresses) {
			String host = address.substring(0, address.lastIndexOf(':'));
			int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
			redis.execute((RedisCallback<Object>) (connection) -> {
				connection.serverCommands().killClient(host, port);
				return null;
			});
		}
	}

	private static ConfigurableApplicationContext start() {
		TestRedis redis = TestRedis.get();
		return new SpringApplicationBuilder(JwtRevocationApplication.class).run("--server.port=0",
				"--jwt.secret=" + IntegrationTest.TEST_SECRET,
				"--spring.data.redis.url=redis://" + redis.host() + ":" + redis.port(), "--revocation.mode=mirror");
	}

	private static void awaitTrusted(ConfigurableApplicationContext... contexts) {
		for (ConfigurableApplicationContext context : contexts) {
			await().atMost(Duration.ofSeconds(5)).until(mirror(context)::isTrusted);
		}
	}

	private static Api api(ConfigurableApplicationContext context) {
		return new Api(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	private static RevocationMirror mirror(ConfigurableApplicationContext context) {
		return context.getBean(RevocationMirror.class);
	}

	private static StringRedisTemplate redis(ConfigurableApplicationContext context) {
		return context.getBean(StringRedisTemplate.class);
	}

}
