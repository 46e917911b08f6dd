package dev.jwtrevocation.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user has at most {@code session.refresh.max-sessions-per-user} sessions: a login
 * beyond ends the oldest, its refresh token and its access tokens.
 */
@IntegrationTest
@TestPropertySource(properties = "session.refresh.max-sessions-per-user=3")
class SessionCapIntegrationTests {

	Api api;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void loginWhenAtTheCapThenTheOldestSessionEndsAndTheOthersLive() {
		String username = Api.uniqueUsername();
		assertThat(this.api.register(username, "correct horse battery").status()).isEqualTo(201);
		List<JsonNode> logins = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			logins
				.add(this.api.postJson("/auth/login", Map.of("username", username, "password", "correct horse battery"))
					.json());
		}

		JsonNode oldest = logins.get(0);
		assertThat(this.api.get("/api/me", oldest.get("access_token").asString()).status()).isEqualTo(401);
		assertThat(this.api.refresh(oldest.get("refresh_token").asString()).status()).isEqualTo(401);
		for (JsonNode login : logins.subList(1, 4)) {
			assertThat(this.api.get("/api/me", login.get("access_token").asString()).status()).isEqualTo(200);
		}
		assertThat(this.redis.opsForSet().size("jr:sessions:{" + username + "}")).isEqualTo(3);
		assertThat(this.api.get("/auth/sessions", logins.get(3).get("access_token").asString()).json().size())
			.isEqualTo(3);
	}

}
