package dev.jwtrevocation.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.jwtrevocation.revocation.RevocationKeys;
import dev.jwtrevocation.revocation.RevocationMirror;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Emergency rotation: the key {@code k1} leaks. One instance restarts with the staged key
 * {@code k2} signing and {@code jwt.compromised-keys=k1}; from the moment it has started,
 * the instances still running with {@code k1} refuse every token it signed (from their
 * copy, and in strict mode from Redis), sign with {@code k2} themselves, and accept the
 * new key's tokens.
 */
class CompromisedKeyIntegrationTests {

	private static final String PASSWORD = "correct horse battery";

	@Test
	void startWhenAKeyIsListedAsCompromisedThenEveryInstanceRefusesItsTokensAtOnce() throws Exception {
		String k1 = Es256Keys.pem(Es256Keys.generate());
		String k2 = Es256Keys.pem(Es256Keys.generate());
		String kid = "k1-" + Long.toString(System.nanoTime(), 36);
		String redis = "--spring.data.redis.url=redis://" + TestRedis.get().host() + ":" + TestRedis.get().port();
		// k2 was staged as the next key, a day away
		List<String> before = List.of(redis, "--jwt.keys[0].id=" + kid, "--jwt.keys[0].private-key=" + k1,
				"--jwt.keys[1].id=k2", "--jwt.keys[1].private-key=" + k2,
				"--jwt.keys[1].signs-from=" + Instant.now().plus(Duration.ofDays(1)));
		List<String> strictArgs = new ArrayList<>(before);
		strictArgs.add("--revocation.mode=strict");
		// the emergency: k2 signs now, k1 is compromised
		List<String> after = List.of(redis, "--jwt.keys[0].id=" + kid, "--jwt.keys[0].private-key=" + k1,
				"--jwt.keys[1].id=k2", "--jwt.keys[1].private-key=" + k2, "--jwt.compromised-keys=" + kid);
		try (ConfigurableApplicationContext old = Instances.start(before.toArray(new String[0]));
				ConfigurableApplicationContext strict = Instances.start(strictArgs.toArray(new String[0]))) {
			Api api = Api.of(old);
			Api strictApi = Api.of(strict);
			String username = Api.uniqueUsername();
			assertThat(api.register(username, PASSWORD).status()).isEqualTo(201);
			String leaked = api.loginToken(username, PASSWORD);
			assertThat(header(leaked)).contains("\"kid\":\"" + kid + "\"");
			assertThat(api.get("/api/me", leaked).status()).isEqualTo(200);
			assertThat(strictApi.get("/api/me", leaked).status()).isEqualTo(200);

			// eight clients keep calling both old instances with the leaked token while
			// the rotated instance starts
			List<long[]> calls = java.util.Collections.synchronizedList(new ArrayList<>());
			java.util.concurrent.atomic.AtomicBoolean calling = new java.util.concurrent.atomic.AtomicBoolean(true);
			java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
			for (int i = 0; i < 8; i++) {
				Api client = ((i % 2 == 0) ? api : strictApi).freshConnection();
				clients.submit(() -> {
					while (calling.get()) {
						long sent = System.nanoTime();
						calls.add(new long[] { sent, client.get("/api/me", leaked).status() });
					}
					return null;
				});
			}
			try (ConfigurableApplicationContext rotated = Instances.start(after.toArray(new String[0]))) {
				long started = System.nanoTime();
				Thread.sleep(1_000);
				calling.set(false);
				clients.shutdown();
				assertThat(clients.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
				List<long[]> afterStart = calls.stream().filter((call) -> call[0] > started).toList();
				assertThat(afterStart).hasSizeGreaterThan(50);
				// from the moment the rotated instance has started, not one is accepted
				assertThat(afterStart).allSatisfy((call) -> assertThat(call[1]).isEqualTo(401));
				assertThat(calls).allSatisfy((call) -> assertThat(call[1]).isIn(200L, 401L));
				Api rotatedApi = Api.of(rotated);
				for (Api each : new Api[] { api, strictApi, rotatedApi }) {
					Api.Response refused = each.get("/api/me", leaked);
					assertThat(refused.status()).isEqualTo(401);
					assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
				}
				// the instances not yet restarted switch to the staged key: nobody gets a
				// token that is refused
				for (Api each : new Api[] { api, strictApi }) {
					String signed = each.loginToken(username, PASSWORD);
					assertThat(header(signed)).contains("\"kid\":\"k2\"");
					for (Api other : new Api[] { api, strictApi, rotatedApi }) {
						assertThat(other.get("/api/me", signed).status()).isEqualTo(200);
					}
				}

				String fresh = rotatedApi.loginToken(username, PASSWORD);
				assertThat(header(fresh)).contains("\"kid\":\"k2\"");
				for (Api each : new Api[] { api, strictApi, rotatedApi }) {
					assertThat(each.get("/api/me", fresh).status()).isEqualTo(200);
				}
				JsonNode published = rotatedApi.get("/.well-known/jwks.json", null).json().get("keys");
				assertThat(published.size()).isOne();
				assertThat(published.get(0).get("kid").asString()).isEqualTo("k2");

				// past the last token k1 signed and the last cached copy of its public
				// key: 15 min + 2 × 30 s, against 5 min + 5 min + 30 s
				StringRedisTemplate template = rotated.getBean(StringRedisTemplate.class);
				String key = RevocationKeys.DEFAULT.signingKey(kid);
				assertThat(template.opsForValue().get(key)).isEqualTo("1");
				assertThat(template.getExpire(key)).isBetween(950L, 960L);

				// a revocation returns only once the other instances' copies hold it:
				// asked
				// the instant it returns, their copy already refuses (50 times over)
				RevocationStore writer = rotated.getBean(RevocationStore.class);
				RevocationStore reader = old.getBean(RevocationStore.class);
				assertThat(old.getBean(RevocationMirror.class).isTrusted()).isTrue();
				for (int i = 0; i < 50; i++) {
					String another = kid + "-" + i;
					AccessToken signed = new AccessToken("j" + i, username, "s", List.of("USER"), Instant.now(),
							Instant.now().plusSeconds(60), 0, null, another);
					assertThat(reader.isRevoked(signed)).isFalse();
					writer.revokeSigningKey(another, Duration.ofSeconds(10));
					assertThat(reader.isRevoked(signed)).as("revocation %d", i).isTrue();
				}
			}
		}
	}

	private static String header(String token) {
		return new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
	}

}
