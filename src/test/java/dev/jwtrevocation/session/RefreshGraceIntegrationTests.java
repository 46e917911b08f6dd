package dev.jwtrevocation.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code session.refresh.reuse-grace}: two tabs refreshing with one token do not log the
 * user out.
 */
@IntegrationTest
@TestPropertySource(properties = "session.refresh.reuse-grace=5s")
class RefreshGraceIntegrationTests {

	Api api;

	@Test
	void refreshWhenTwoTabsRefreshAtOnceThenBothGetTheSameRefreshTokenAndTheSessionLives() {
		JsonNode tokens = this.api
			.postJson("/auth/login", java.util.Map.of("username", registered(), "password", "correct horse battery"))
			.json();
		String shared = tokens.get("refresh_token").asString();
		List<CompletableFuture<Response>> tabs = List.of(
				CompletableFuture.supplyAsync(() -> this.api.freshConnection().refresh(shared)),
				CompletableFuture.supplyAsync(() -> this.api.freshConnection().refresh(shared)));
		Response one = tabs.get(0).join();
		Response other = tabs.get(1).join();

		assertThat(one.status()).isEqualTo(200);
		assertThat(other.status()).isEqualTo(200);
		assertThat(one.json().get("refresh_token").asString()).isEqualTo(other.json().get("refresh_token").asString());
		assertThat(this.api.get("/api/me", one.json().get("access_token").asString()).status()).isEqualTo(200);
		assertThat(this.api.get("/api/me", other.json().get("access_token").asString()).status()).isEqualTo(200);
		assertThat(this.api.refresh(one.json().get("refresh_token").asString()).status()).isEqualTo(200);
	}

	@Test
	void refreshWhenThePreviousTokenComesBackAfterTheGraceThenTheSessionEnds() throws Exception {
		JsonNode first = this.api
			.postJson("/auth/login", java.util.Map.of("username", registered(), "password", "correct horse battery"))
			.json();
		JsonNode second = this.api.refresh(first.get("refresh_token").asString()).json();
		Thread.sleep(5200);
		assertThat(this.api.refresh(first.get("refresh_token").asString()).status()).isEqualTo(401);
		assertThat(this.api.refresh(second.get("refresh_token").asString()).status()).isEqualTo(401);
	}

	private String registered() {
		String username = Api.uniqueUsername();
		assertThat(this.api.register(username, "correct horse battery").status()).isEqualTo(201);
		return username;
	}

}
