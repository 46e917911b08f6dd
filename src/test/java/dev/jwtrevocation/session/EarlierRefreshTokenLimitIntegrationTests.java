package dev.jwtrevocation.session;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An earlier refresh token more than {@link RefreshTokenChain#FREE_STEPS} generations
 * back counts against its session's refreshes a minute, in Redis and before any hashing,
 * forged or not; one a generation back (a racing tab, a retry) costs one hash and does
 * not count.
 */
@IntegrationTest
@TestPropertySource(properties = { "session.refresh.max-per-minute=30",
		"session.refresh.earlier-tokens-per-address-per-second=1000" })
class EarlierRefreshTokenLimitIntegrationTests {

	@Autowired
	StringRedisTemplate redis;

	Api api;

	@Test
	void refreshWhenForgedEarlierTokensFarBackThenEachCountsAgainstTheSessionsRateAndNoneEndsIt() {
		String username = Api.uniqueUsername();
		JsonNode first = this.api.newUserLogin(username, "correct horse battery");
		JsonNode current = first;
		for (int i = 0; i < 20; i++) {
			current = this.api.refresh(current.get("refresh_token").asString()).json();
		}
		String session = this.redis.keys("jr:session:{" + username.toLowerCase(java.util.Locale.ROOT) + "}:*")
			.iterator()
			.next();
		String[] parts = first.get("refresh_token").asString().split("\\.");
		String nearBy = parts[0] + "." + parts[1] + ".19." + "B".repeat(42) + "A";
		String farBack = parts[0] + "." + parts[1] + ".0." + "B".repeat(42) + "A";

		assertThat(this.api.refresh(nearBy).status()).isEqualTo(401);
		assertThat(this.redis.opsForHash().get(session, "rl_count")).isEqualTo("20");
		for (int i = 0; i < 10; i++) {
			assertThat(this.api.refresh(farBack).status()).as("forgery %d", i).isEqualTo(401);
		}
		assertThat(this.redis.opsForHash().get(session, "rl_count")).isEqualTo("30");

		Response limited = this.api.refresh(farBack);
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.json().get("type").asString()).endsWith(":refresh-throttled");
		assertThat(this.api.refresh(current.get("refresh_token").asString()).status()).isEqualTo(429);
		assertThat(this.api.get("/api/me", current.get("access_token").asString()).status()).isEqualTo(200);
		assertThat(this.redis.opsForHash().get(session, "gen")).isEqualTo("20");
	}

}
