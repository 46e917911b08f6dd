package dev.jwtrevocation.oauth;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.TestRedis;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The failure budget of OAuth client authentication, against a real Redis: per address,
 * per configured client, under parallel guessing, and the published example secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientThrottleIntegrationTests {

	private static final String ORDERS = "orders-service";

	private static final String ORDERS_SECRET = "0f9d2c1b8a7e6d5c4b3a29181706f5e4d3c2b1a0918273645546372819a0b1c2";

	private static final String BILLING = "billing-service";

	private static final String BILLING_SECRET = "9a8b7c6d5e4f30211203f4e5d6c7b8a9908172635445362718091a2b3c4d5e6f";

	@Test
	void introspectWhenOneAddressGuessesPastItsBudgetThen429EvenWithTheRightSecret() throws Exception {
		try (ConfigurableApplicationContext app = start("--oauth.throttle.max-failures-per-address=5",
				"--oauth.throttle.max-failures-per-client=100")) {
			Api api = Api.of(app);
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				statuses.add(introspect(api, ORDERS, "guess-" + i).status());
			}
			assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429);
			Response refused = introspect(api, ORDERS, ORDERS_SECRET);
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.contentType()).isEqualTo("application/problem+json");
			assertThat(refused.json().get("type").asString()).endsWith("client-throttled");
			assertThat(refused.json().get("error").asString()).isEqualTo("slow_down");
			assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
			StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
			assertThat(redis.opsForValue().get("jr:throttle-client-address:127.0.0.1")).isEqualTo("5");
			assertThat(redis.getExpire("jr:throttle-client-address:127.0.0.1")).isBetween(1L, 60L);
			redis.delete("jr:throttle-client-address:127.0.0.1");
			assertThat(introspect(api, ORDERS, ORDERS_SECRET).status()).isEqualTo(200);
		}
	}

	@Test
	void introspectWhenOneClientIsGuessedPastItsBudgetThenThatClientIs429AndAnotherIsNot() throws Exception {
		try (ConfigurableApplicationContext app = start("--oauth.throttle.max-failures-per-address=1000",
				"--oauth.throttle.max-failures-per-client=4")) {
			Api api = Api.of(app);
			StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
			for (int i = 0; i < 4; i++) {
				assertThat(introspect(api, ORDERS, "guess-" + i).status()).isEqualTo(401);
				assertThat(introspect(api, "made-up-" + i, "guess").status()).isEqualTo(401);
			}
			assertThat(introspect(api, ORDERS, ORDERS_SECRET).status()).isEqualTo(429);
			assertThat(introspect(api, BILLING, BILLING_SECRET).status()).isEqualTo(200);
			assertThat(redis.opsForValue().get("jr:throttle-client:" + ORDERS)).isEqualTo("4");
			// ids nobody configured are counted by address only: they cannot grow Redis
			assertThat(redis.keys("jr:throttle-client:made-up-*")).isEmpty();
			redis.delete(List.of("jr:throttle-client:" + ORDERS, "jr:throttle-client-address:127.0.0.1"));
		}
	}

	@Test
	void introspectWhenEightClientsGuessInParallelThenTheBudgetHoldsWithinTheirConcurrency() throws Exception {
		try (ConfigurableApplicationContext app = start("--oauth.throttle.max-failures-per-address=10",
				"--oauth.throttle.max-failures-per-client=1000")) {
			Api api = Api.of(app);
			ExecutorService guessers = Executors.newFixedThreadPool(8);
			try {
				List<Future<Integer>> guesses = new ArrayList<>();
				for (int i = 0; i < 80; i++) {
					String guess = "guess-" + i;
					guesses.add(guessers.submit(() -> introspect(api.freshConnection(), ORDERS, guess).status()));
				}
				int answered = 0;
				for (Future<Integer> guess : guesses) {
					int status = guess.get();
					assertThat(status).isIn(401, 429);
					answered += (status == 401) ? 1 : 0;
				}
				// a check and its count are two steps: at most one guess per thread slips
				// through
				assertThat(answered).isBetween(10, 18);
			}
			finally {
				guessers.shutdownNow();
				app.getBean(StringRedisTemplate.class).delete("jr:throttle-client-address:127.0.0.1");
			}
		}
	}

	@Test
	void startWhenAClientHasThePublishedExampleSecretOutsideTheDevProfileThenRefused(CapturedOutput output) {
		assertThatException().isThrownBy(() -> Instances.start("--spring.data.redis.url=" + TestRedis.get().url(),
				"--oauth.clients[0].id=partner",
				"--oauth.clients[0].secret-sha256=" + OAuthClients.PUBLISHED_EXAMPLE_SHA256));
		assertThat(output)
			.contains("oauth.clients[0].secret-sha256 is the published example's: anyone can authenticate as partner");
	}

	private static ConfigurableApplicationContext start(String... limits) throws Exception {
		List<String> args = new ArrayList<>(List.of("--spring.data.redis.url=" + TestRedis.get().url(),
				"--oauth.clients[0].id=" + ORDERS, "--oauth.clients[0].secret-sha256=" + sha256(ORDERS_SECRET),
				"--oauth.clients[1].id=" + BILLING, "--oauth.clients[1].secret-sha256=" + sha256(BILLING_SECRET)));
		args.addAll(List.of(limits));
		ConfigurableApplicationContext app = Instances.start(args.toArray(new String[0]));
		app.getBean(StringRedisTemplate.class)
			.delete(List.of("jr:throttle-client-address:127.0.0.1", "jr:throttle-client:" + ORDERS,
					"jr:throttle-client:" + BILLING));
		return app;
	}

	private static Response introspect(Api api, String clientId, String secret) {
		return api.send(api.request("/oauth2/introspect", null)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization",
					"Basic " + Base64.getEncoder()
						.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
			.POST(HttpRequest.BodyPublishers.ofString("token=not-a-token")));
	}

	private static String sha256(String secret) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
	}

}
