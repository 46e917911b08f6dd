package dev.jwtrevocation.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import dev.jwtrevocation.JwtRevocationApplication;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.support.RedisProcess;
import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three rotations under load, as a resource server sees them: four keys whose
 * {@code signs-from} are 4 s apart (the first 8 s after the start, room for a cold
 * start), logins in four threads, every token checked at once by the service and by
 * Spring Security's decoder built from the issuer alone, which fetched the JWK Set once
 * before the first rotation and caches it. The next keys were published from the start,
 * so no token is ever refused.
 */
class KeyRotationIntegrationTests {

	private static final String PASSWORD = "correct horse battery";

	@Test
	void rotationsWhenStagedAheadThenNoTokenIsRefusedAnywhere() throws Exception {
		int port = RedisProcess.freePort();
		String issuer = "http://127.0.0.1:" + port;
		Instant start = Instant.now();
		List<String> args = new ArrayList<>(
				List.of("--jwt.issuer=" + issuer, "--spring.data.redis.url=" + TestRedis.get().url()));
		for (int i = 0; i < 4; i++) {
			args.add("--jwt.keys[" + i + "].id=k" + i);
			args.add("--jwt.keys[" + i + "].private-key=" + Es256Keys.pem(Es256Keys.generate()));
			// the first rotation leaves room for a cold start (up to 6 s on a loaded
			// machine)
			args.add("--jwt.keys[" + i + "].signs-from=" + ((i == 0) ? Instant.EPOCH : start.plusSeconds(4L + 4L * i)));
		}
		try (ConfigurableApplicationContext app = Instances.startOn(port, args.toArray(new String[0]))) {
			Api api = Api.of(app);
			NimbusJwtDecoder decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(issuer);
			decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(new JwtIssuerValidator(issuer),
					new JwtTypeValidator("at+jwt")));
			Set<String> kids = ConcurrentHashMap.newKeySet();
			AtomicInteger checked = new AtomicInteger();
			List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
			ExecutorService load = Executors.newFixedThreadPool(4);
			List<Future<?>> threads = new ArrayList<>();
			Instant end = start.plusSeconds(19);
			for (int t = 0; t < 4; t++) {
				threads.add(load.submit(() -> {
					Api client = api.freshConnection();
					String username = Api.uniqueUsername();
					// four registrations at once may meet the hashing admission's 503:
					// retry
					for (int attempt = 0; attempt < 20
							&& client.register(username, PASSWORD).status() != 201; attempt++) {
						Thread.sleep(100);
					}
					while (Instant.now().isBefore(end)) {
						Response answer = client.login(username, PASSWORD);
						if (answer.status() != 200) {
							refused.add("login: " + answer.status() + " " + answer.body());
							continue;
						}
						String token = answer.json().get("access_token").asString();
						try {
							Jwt jwt = decoder.decode(token);
							kids.add((String) jwt.getHeaders().get("kid"));
						}
						catch (JwtException ex) {
							refused.add("resource server: " + ex.getMessage());
						}
						int status = client.get("/api/me", token).status();
						if (status != 200) {
							refused.add("service: " + status);
						}
						checked.incrementAndGet();
					}
					return null;
				}));
			}
			for (Future<?> thread : threads) {
				thread.get();
			}
			load.shutdown();
			assertThat(refused).isEmpty();
			assertThat(kids).containsExactlyInAnyOrder("k0", "k1", "k2", "k3");
			assertThat(checked.get()).isGreaterThan(40);
			// the JWK Set now has every key: none has been replaced for longer than a
			// token lives
			JsonNode jwks = api.get("/.well-known/jwks.json", null).json().get("keys");
			assertThat(jwks.size()).isEqualTo(4);
			System.out.println("Three rotations under load: " + checked.get() + " tokens, each checked by the "
					+ "service and a Spring decoder, " + refused.size() + " refused");
		}
	}

}
