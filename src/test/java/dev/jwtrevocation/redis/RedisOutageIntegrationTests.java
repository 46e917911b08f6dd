package dev.jwtrevocation.redis;

import java.time.Duration;

import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.support.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis goes away in the middle of a session: the service fails closed, fast, and comes
 * back by itself.
 */
@IntegrationTest
class RedisOutageIntegrationTests {

	private static final Duration ABOUT_ONE_SECOND = Duration.ofMillis(1500);

	Api api;

	@AfterEach
	void restartRedis() throws Exception {
		TestRedis redis = TestRedis.get();
		try {
			redis.start();
		}
		catch (Exception ex) {
			// already running
		}
	}

	@Test
	void requestsWhenRedisIsDownThen503WithinASecondAndRecoveryAfterRestart() throws Exception {
		String username = Api.uniqueUsername();
		String token = this.api.newUserToken(username);
		String refreshToken = this.api.login(username, "correct horse battery").json().get("refresh_token").asString();
		String revoked = this.api.loginToken(username, "correct horse battery");
		assertThat(this.api.post("/auth/logout", revoked).status()).isEqualTo(204);

		TestRedis.get().stop();

		// the revocation mirror answers until it notices the lost connection, within
		// milliseconds
		// (no revocation can be written meanwhile); from then on neither it nor Redis can
		// answer
		await().atMost(ABOUT_ONE_SECOND)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.api.get("/api/me", token).status() == 503);
		assertUnavailable(this.api.get("/api/me", token));
		assertUnavailable(this.api.get("/api/me", revoked));
		assertUnavailable(this.api.post("/auth/logout", token));
		assertUnavailable(this.api.login(username, "correct horse battery"));
		assertUnavailable(this.api.register(Api.uniqueUsername(), "correct horse battery"));
		assertUnavailable(this.api.postJson("/auth/refresh", java.util.Map.of("refresh_token", refreshToken)));
		assertUnavailable(this.api.post("/auth/logout-all", token));
		assertUnavailable(this.api.get("/auth/sessions", token));
		assertUnavailable(this.api.send(this.api.request("/auth/sessions/AAAAAAAAAAAAAAAAAAAAAA", token).DELETE()));
		Response health = this.api.get("/actuator/health", null);
		assertThat(health.status()).isEqualTo(503);
		assertThat(health.json().get("status").asString()).isEqualTo("DOWN");
		assertThat(health.json().get("components").get("redis").get("status").asString()).isEqualTo("DOWN");
		assertThat(this.api.get("/actuator/health/readiness", null).status()).isEqualTo(503);
		assertThat(this.api.get("/actuator/health/liveness", null).status()).isEqualTo(200);

		TestRedis.get().start();

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(this.api.get("/api/me", token).status()).isEqualTo(200));
		// the revocation written before the outage survived it
		assertThat(this.api.get("/api/me", revoked).status()).isEqualTo(401);
		assertThat(this.api.postJson("/auth/refresh", java.util.Map.of("refresh_token", refreshToken)).status())
			.isEqualTo(200);
		assertThat(this.api.get("/actuator/health", null).status()).isEqualTo(200);
		assertThat(this.api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
	}

	private static void assertUnavailable(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(503);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.header("Retry-After")).isNotBlank();
		assertThat(response.elapsed()).isLessThan(ABOUT_ONE_SECOND);
		assertThat(response.json().get("type").asString()).isEqualTo(ProblemType.PREFIX + "revocation-unavailable");
	}

}
