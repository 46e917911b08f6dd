package dev.jwtrevocation.problem;

import java.time.Instant;
import java.util.Map;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.support.TokenForge;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each failure a client acts on carries its own {@code type}, so that a client can tell
 * "refresh" (expired) from "sign in again" (revoked, session ended) without reading the
 * English text.
 */
@IntegrationTest
class ProblemTypesIntegrationTests {

	private static final String PASSWORD = "correct horse battery";

	Api api;

	final TokenForge forge = new TokenForge(IntegrationTest.TEST_SECRET, "jwt-revocation", "jwt-revocation-api");

	@Test
	void meWhenNoTokenThenAuthenticationRequired() {
		assertType(this.api.get("/api/me", null), 401, "authentication-required");
	}

	@Test
	void meWhenTokenExpiredThenTokenExpired() {
		Map<String, Object> claims = this.forge.claims(Api.uniqueUsername());
		long past = Instant.now().minusSeconds(3600).getEpochSecond();
		claims.put("iat", past - 900);
		claims.put("exp", past);
		claims.put("iat_ms", (past - 900) * 1000);
		assertType(this.api.get("/api/me", this.forge.sign(this.forge.header(), claims)), 401, "token-expired");
	}

	@Test
	void meWhenTokenRevokedThenTokenRevoked() {
		String token = this.api.newUserToken(Api.uniqueUsername());
		assertThat(this.api.post("/auth/logout", token).status()).isEqualTo(204);
		assertType(this.api.get("/api/me", token), 401, "token-revoked");
	}

	@Test
	void meWhenLoggedOutEverywhereThenTokenRevoked() {
		String token = this.api.newUserToken(Api.uniqueUsername());
		assertThat(this.api.post("/auth/logout-all", token).status()).isEqualTo(204);
		assertType(this.api.get("/api/me", token), 401, "token-revoked");
	}

	@Test
	void meWhenTokenForgedThenTokenInvalid() {
		String token = TokenForge.hmac(this.forge.header(), this.forge.claims("someone"), new byte[32]);
		assertType(this.api.get("/api/me", token), 401, "token-invalid");
	}

	@Test
	void meWhenTwoAuthorizationHeadersThenInvalidAuthorizationHeader() {
		Response response = this.api.send(this.api.request("/api/me", null)
			.header("Authorization", "Bearer a.b.c")
			.header("Authorization", "Bearer d.e.f"));
		assertType(response, 400, "invalid-authorization-header");
	}

	@Test
	void refreshWhenSessionEndedThenSessionEnded() {
		JsonNode login = this.api.newUserLogin(Api.uniqueUsername(), PASSWORD);
		String refreshToken = login.get("refresh_token").asString();
		assertThat(this.api.post("/auth/logout", login.get("access_token").asString()).status()).isEqualTo(204);
		assertType(this.api.refresh(refreshToken), 401, "session-ended");
		assertType(this.api.refresh("not-a-refresh-token"), 401, "session-ended");
	}

	@Test
	void loginWhenPasswordWrongThenInvalidCredentialsAndThenLoginThrottled() {
		String username = Api.uniqueUsername();
		assertThat(this.api.register(username, PASSWORD).status()).isEqualTo(201);
		for (int i = 0; i < 5; i++) {
			assertType(this.api.login(username, "wrong password " + i), 401, "invalid-credentials");
		}
		Response throttled = this.api.login(username, "wrong password again");
		assertType(throttled, 429, "login-throttled");
		assertThat(throttled.header("Retry-After")).isNotBlank();
	}

	@Test
	void registerWhenFieldsInvalidThenValidationFailedAndWhenTakenThenUsernameTaken() {
		Response invalid = this.api.register("", "");
		assertType(invalid, 400, "validation-failed");
		assertThat(invalid.json().get("errors").isArray()).isTrue();
		String username = Api.uniqueUsername();
		assertThat(this.api.register(username, PASSWORD).status()).isEqualTo(201);
		assertType(this.api.register(username, PASSWORD), 409, "username-taken");
	}

	@Test
	void getWhenNothingSpecialThenAboutBlankIsLeftOut() {
		Response notFound = this.api.get("/no/such/path", null);
		assertThat(notFound.status()).isEqualTo(404);
		assertThat(notFound.json().has("type")).isFalse();
	}

	static void assertType(Response response, int status, String type) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("type").asString()).isEqualTo(ProblemType.PREFIX + type);
		assertThat(response.json().get("status").asInt()).isEqualTo(status);
		assertThat(response.json().get("title").asString()).isNotBlank();
	}

}
