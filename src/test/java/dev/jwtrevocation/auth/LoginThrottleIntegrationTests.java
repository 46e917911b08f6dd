package dev.jwtrevocation.auth;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Five failed logins per username and client address, then 429 until the window has
 * passed. The window is shortened here so the test can wait it out; the count is the
 * default.
 */
@IntegrationTest
@TestPropertySource(properties = "auth.login-throttle.window=3s")
class LoginThrottleIntegrationTests {

	private static final String PASSWORD = "correct horse battery";

	@Autowired
	StringRedisTemplate redis;

	Api api;

	@Test
	void loginWhenFiveFailuresThen429WithRetryAfterEvenWithTheRightPasswordUntilTheWindowPasses() {
		String username = Api.uniqueUsername();
		this.api.register(username, PASSWORD);
		for (int i = 0; i < 5; i++) {
			assertThat(this.api.login(username, "wrong password").status()).as("failure %d", i + 1).isEqualTo(401);
		}
		assertThat(this.redis.getExpire("jr:throttle:{" + username + "}:127.0.0.1", TimeUnit.MILLISECONDS))
			.isBetween(1L, 3000L);

		Response throttled = this.api.login(username, PASSWORD);

		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.contentType()).isEqualTo("application/problem+json");
		assertThat(throttled.json().get("status").asInt()).isEqualTo(429);
		assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 3L);
		assertThat(throttled.body()).doesNotContain("access_token");

		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.api.login(username, PASSWORD).status() == 200);
	}

	@Test
	void loginWhenUsernameIsUnknownThenThrottledTheSameWay() {
		String nobody = Api.uniqueUsername();
		for (int i = 0; i < 5; i++) {
			assertThat(this.api.login(nobody, "wrong password").status()).isEqualTo(401);
		}
		assertThat(this.api.login(nobody, "wrong password").status()).isEqualTo(429);
	}

	@Test
	void loginWhenSuccessComesBeforeTheFifthFailureThenTheCountStartsOver() {
		String username = Api.uniqueUsername();
		this.api.register(username, PASSWORD);
		for (int i = 0; i < 4; i++) {
			this.api.login(username, "wrong password");
		}
		assertThat(this.api.login(username, PASSWORD).status()).isEqualTo(200);
		assertThat(this.redis.hasKey("jr:throttle:{" + username + "}:127.0.0.1")).isFalse();
		for (int i = 0; i < 4; i++) {
			assertThat(this.api.login(username, "wrong password").status()).isEqualTo(401);
		}
		assertThat(this.api.login(username, PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void loginWhenAnotherUserIsThrottledThenThisOneIsNot() {
		String victim = Api.uniqueUsername();
		String bystander = Api.uniqueUsername();
		this.api.register(bystander, PASSWORD);
		for (int i = 0; i < 6; i++) {
			this.api.login(victim, "wrong password");
		}
		assertThat(this.api.login(bystander, PASSWORD).status()).isEqualTo(200);
	}

}
