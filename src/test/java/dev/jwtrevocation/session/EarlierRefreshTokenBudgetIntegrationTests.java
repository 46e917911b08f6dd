package dev.jwtrevocation.session;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recognising an earlier refresh token means hashing it forward along the session's
 * chain, and anybody who knows a session's id can forge one: forgeries 20 generations
 * back, sent in parallel from one address, are hashed only within that address's budget,
 * the rest are answered 429, and the session lives on.
 */
@IntegrationTest
@TestPropertySource(properties = { "session.refresh.max-per-minute=1000",
		"session.refresh.earlier-tokens-per-address-per-second=3" })
class EarlierRefreshTokenBudgetIntegrationTests {

	Api api;

	@Test
	void refreshWhenOneAddressFloodsForgedEarlierTokensThenBeyondItsBudget429AndTheSessionSurvives() {
		JsonNode first = this.api.newUserLogin(Api.uniqueUsername(), "correct horse battery");
		JsonNode second = refreshed(first, 20);
		String[] parts = first.get("refresh_token").asString().split("\\.");
		String forged = parts[0] + "." + parts[1] + ".0." + "B".repeat(42) + "A";

		long start = System.nanoTime();
		Map<String, Integer> statuses = this.api.inParallel(6, 30, (client, i) -> client.refresh(forged),
				(response) -> String.valueOf(response.status()));

		// the budget's burst of three, then three a second
		int mostHashed = 3 + (int) Math.ceil(3 * (System.nanoTime() - start) / 1e9);
		assertThat(statuses.keySet()).containsOnly("401", "429");
		assertThat(statuses.get("401")).isBetween(3, mostHashed);
		assertThat(statuses.get("429")).isGreaterThanOrEqualTo(30 - mostHashed);
		Response throttled = this.api.refresh(forged);
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.header("Retry-After")).isEqualTo("1");
		assertThat(throttled.json().get("type").asString()).endsWith(":refresh-throttled");
		assertThat(this.api.refresh(second.get("refresh_token").asString()).status()).isEqualTo(200);
	}

	/** The tokens after {@code times} refreshes. */
	private JsonNode refreshed(JsonNode tokens, int times) {
		for (int i = 0; i < times; i++) {
			Response refreshed = this.api.refresh(tokens.get("refresh_token").asString());
			assertThat(refreshed.status()).isEqualTo(200);
			tokens = refreshed.json();
		}
		return tokens;
	}

}
