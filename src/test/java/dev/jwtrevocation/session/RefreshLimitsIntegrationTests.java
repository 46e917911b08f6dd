package dev.jwtrevocation.session;

import java.util.Set;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one refresh token can cost: constant Redis memory however often its session
 * refreshes, a rate per session, an absolute lifetime, and reuse detection that still
 * catches any earlier token.
 */
@IntegrationTest
@TestPropertySource(properties = { "session.refresh.max-per-minute=8", "session.refresh.absolute-lifetime=4s" })
class RefreshLimitsIntegrationTests {

	private static final String PASSWORD = "correct horse battery";

	@Autowired
	StringRedisTemplate redis;

	Api api;

	@Test
	void refreshWhenRepeatedThenTheSessionTakesTheSameRedisSpace() {
		String username = Api.uniqueUsername();
		JsonNode tokens = registerAndLogin(username);
		tokens = this.api.refresh(tokens.get("refresh_token").asString()).json();
		Set<String> keysAfterOne = this.redis.keys("jr:session:{" + username + "}*");
		String session = keysAfterOne.iterator().next();
		long fieldsAfterOne = this.redis.opsForHash().size(session);
		for (int i = 0; i < 6; i++) {
			Response refreshed = this.api.refresh(tokens.get("refresh_token").asString());
			assertThat(refreshed.status()).isEqualTo(200);
			tokens = refreshed.json();
		}
		assertThat(this.redis.keys("jr:session:{" + username + "}*")).isEqualTo(keysAfterOne);
		assertThat(this.redis.opsForHash().size(session)).isEqualTo(fieldsAfterOne);
	}

	@Test
	void refreshWhenAnOlderTokenThanThePreviousIsReplayedThenTheSessionEnds() {
		String username = Api.uniqueUsername();
		JsonNode first = registerAndLogin(username);
		JsonNode second = this.api.refresh(first.get("refresh_token").asString()).json();
		JsonNode third = this.api.refresh(second.get("refresh_token").asString()).json();

		Response replay = this.api.refresh(first.get("refresh_token").asString());

		assertThat(replay.status()).isEqualTo(401);
		assertThat(replay.json().get("detail").asString()).contains("already used");
		assertThat(this.api.refresh(third.get("refresh_token").asString()).status()).isEqualTo(401);
		assertThat(this.api.get("/api/me", third.get("access_token").asString()).status()).isEqualTo(401);
	}

	@Test
	void refreshWhenAnEarlierTokenIsForgedThenRefusedAndTheSessionSurvives() {
		String username = Api.uniqueUsername();
		JsonNode first = registerAndLogin(username);
		JsonNode second = this.api.refresh(first.get("refresh_token").asString()).json();
		String[] parts = first.get("refresh_token").asString().split("\\.");
		String forged = parts[0] + "." + parts[1] + ".0." + "B".repeat(42) + "A";

		assertThat(this.api.refresh(forged).status()).isEqualTo(401);
		assertThat(this.api.refresh(second.get("refresh_token").asString()).status()).isEqualTo(200);
	}

	@Test
	void refreshWhenOverTheRatePerSessionThen429AndTheSessionSurvives() {
		String username = Api.uniqueUsername();
		JsonNode tokens = registerAndLogin(username);
		for (int i = 0; i < 8; i++) {
			Response refreshed = this.api.refresh(tokens.get("refresh_token").asString());
			assertThat(refreshed.status()).as("refresh %d", i).isEqualTo(200);
			tokens = refreshed.json();
		}
		Response limited = this.api.refresh(tokens.get("refresh_token").asString());
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.contentType()).isEqualTo("application/problem+json");
		assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
		assertThat(this.api.get("/api/me", tokens.get("access_token").asString()).status()).isEqualTo(200);
	}

	@Test
	void refreshWhenTheSessionOutlivedItsAbsoluteLifetimeThen401() throws Exception {
		String username = Api.uniqueUsername();
		JsonNode tokens = registerAndLogin(username);
		tokens = this.api.refresh(tokens.get("refresh_token").asString()).json();
		Thread.sleep(4200);
		assertThat(this.api.refresh(tokens.get("refresh_token").asString()).status()).isEqualTo(401);
		assertThat(this.redis.keys("jr:session:{" + username + "}*")).isEmpty();
	}

	private JsonNode registerAndLogin(String username) {
		return this.api.newUserLogin(username, PASSWORD);
	}

}
