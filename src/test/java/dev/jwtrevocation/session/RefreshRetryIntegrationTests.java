package dev.jwtrevocation.session;

import java.time.Duration;
import java.util.Map;

import dev.jwtrevocation.JwtRevocationApplication;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.support.StallingProxy;
import dev.jwtrevocation.support.TestRedis;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A refresh that Redis executed after the client was told 503 (Redis stalled past the
 * command timeout, the script still queued): the client's retry with the same token must
 * not be taken for theft, whatever the reuse grace (here the default, none).
 */
class RefreshRetryIntegrationTests {

	@Test
	void refreshWhenRedisStalledPastTheTimeoutThenTheRetryWithTheSameTokenSucceeds() throws Exception {
		try (StallingProxy proxy = new StallingProxy(TestRedis.get().host(), TestRedis.get().port());
				ConfigurableApplicationContext app = Instances.start("--spring.data.redis.url=" + proxy.url())) {
			Api api = Api.of(app);
			String username = Api.uniqueUsername();
			assertThat(api.register(username, "correct horse battery").status()).isEqualTo(201);
			JsonNode tokens = api
				.postJson("/auth/login", Map.of("username", username, "password", "correct horse battery"))
				.json();
			// a first refresh loads the rotation script into Redis: the stalled one below
			// is
			// then sent as EVALSHA and runs, rather than failing on NOSCRIPT
			String presented = api.refresh(tokens.get("refresh_token").asString())
				.json()
				.get("refresh_token")
				.asString();

			proxy.stall();
			Response failed = api.refresh(presented);
			assertThat(failed.status()).isEqualTo(503);
			proxy.resume();
			await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/actuator/health", null).status() == 200);

			Response retried = api.refresh(presented);
			assertThat(retried.status()).isEqualTo(200);
			String next = retried.json().get("refresh_token").asString();
			assertThat(api.get("/api/me", retried.json().get("access_token").asString()).status()).isEqualTo(200);
			assertThat(api.refresh(next).status()).isEqualTo(200);
		}
	}

}
