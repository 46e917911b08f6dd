package dev.jwtrevocation.auth;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * register, login, /api/me, logout, /api/me again: the product, over HTTP, against a real
 * Redis.
 */
@IntegrationTest
class AuthFlowIntegrationTests {

	@Autowired
	StringRedisTemplate redis;

	Api api;

	@Test
	void registerWhenValidThen201WithUsername() {
		String username = Api.uniqueUsername();
		Response response = this.api.register(username, "correct horse battery");
		assertThat(response.status()).isEqualTo(201);
		assertThat(response.json().get("username").asString()).isEqualTo(username);
		assertThat(response.body()).doesNotContain("correct horse battery");
	}

	@Test
	void registerWhenNameTakenInAnyCaseThen409() {
		String username = Api.uniqueUsername();
		assertThat(this.api.register(username, "correct horse battery").status()).isEqualTo(201);
		Response again = this.api.register(username.toUpperCase(), "another password");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.contentType()).isEqualTo("application/problem+json");
		assertThat(again.json().get("status").asInt()).isEqualTo(409);
	}

	@Test
	void registerWhenUsernameOrPasswordInvalidThen400ProblemNamingTheField() {
		assertInvalid("ab", "correct horse battery", "username");
		assertInvalid("has space", "correct horse battery", "username");
		assertInvalid("x".repeat(65), "correct horse battery", "username");
		assertInvalid(Api.uniqueUsername(), "short", "password");
		assertInvalid(Api.uniqueUsername(), "p".repeat(129), "password");
		// 129 characters of four UTF-8 bytes each
		assertInvalid(Api.uniqueUsername(), "\uD83D\uDD11".repeat(129), "password");
	}

	private void assertInvalid(String username, String password, String field) {
		Response response = this.api.register(username, password);
		assertThat(response.status()).as("%s / %s", username, field).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
		assertThat(response.body()).doesNotContain(password);
	}

	@Test
	void loginWhenPasswordIsLongAndInAnyScriptThenOnlyTheWholePasswordWorks() {
		// 128 characters, 512 bytes of UTF-8: far past bcrypt's 72-byte limit
		String password = "\uD83D\uDD11".repeat(64) + "\u043F\u0430\u0440\u043E\u043B\u044C".repeat(10)
				+ "\u5BC6".repeat(4);
		assertThat(password.codePointCount(0, password.length())).isEqualTo(128);
		String username = Api.uniqueUsername();
		assertThat(this.api.register(username, password).status()).isEqualTo(201);
		assertThat(this.api.login(username, password).status()).isEqualTo(200);
		String lastCharacterChanged = password.substring(0, password.length() - 1) + "\u5BC7";
		assertThat(this.api.login(username, lastCharacterChanged).status()).isEqualTo(401);
	}

	@Test
	void loginWhenValidThenBearerTokenThatIsNeverCached() {
		String username = Api.uniqueUsername();
		this.api.register(username, "correct horse battery");
		Response login = this.api.login(username, "correct horse battery");
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.header("Cache-Control")).isEqualTo("no-store");
		JsonNode body = login.json();
		assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.get("expires_in").asLong()).isEqualTo(900);
		assertThat(body.get("access_token").asString()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
		assertThat(body.get("refresh_token").asString()).hasSizeGreaterThan(43);
		assertThat(body.get("refresh_expires_in").asLong()).isEqualTo(7 * 24 * 3600);
	}

	@Test
	void loginWhenUnknownUserOrWrongPasswordThenSame401() {
		String username = Api.uniqueUsername();
		this.api.register(username, "correct horse battery");
		Response wrongPassword = this.api.login(username, "wrong horse battery");
		Response unknownUser = this.api.login(Api.uniqueUsername(), "correct horse battery");
		assertThat(wrongPassword.status()).isEqualTo(401);
		assertThat(unknownUser.status()).isEqualTo(401);
		assertThat(wrongPassword.contentType()).isEqualTo("application/problem+json");
		assertThat(wrongPassword.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(wrongPassword.body()).isEqualTo(unknownUser.body());
	}

	@Test
	void meWhenTokenValidThenClaimsOfTheToken() {
		String username = Api.uniqueUsername();
		String token = this.api.newUserToken(username);
		Response me = this.api.get("/api/me", token);
		assertThat(me.status()).isEqualTo(200);
		JsonNode body = me.json();
		assertThat(body.get("username").asString()).isEqualTo(username);
		assertThat(body.get("roles").get(0).asString()).isEqualTo("USER");
		assertThat(body.get("jti").asString()).hasSizeGreaterThanOrEqualTo(22);
		Instant issuedAt = Instant.parse(body.get("issued_at").asString());
		Instant expiresAt = Instant.parse(body.get("expires_at").asString());
		assertThat(expiresAt).isEqualTo(issuedAt.plusSeconds(900));
		assertThat(issuedAt).isCloseTo(Instant.now(), within(5, java.time.temporal.ChronoUnit.SECONDS));
	}

	@Test
	void meWhenNoTokenThen401WithBareBearerChallenge() {
		Response me = this.api.get("/api/me", null);
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(me.contentType()).isEqualTo("application/problem+json");
		assertThat(me.json().get("status").asInt()).isEqualTo(401);
		assertThat(me.json().get("instance").asString()).isEqualTo("/api/me");
	}

	@Test
	void logoutWhenTokenValidThenLaterRequestsAre401AndOtherTokensStillWork() {
		String username = Api.uniqueUsername();
		String first = this.api.newUserToken(username);
		String second = this.api.loginToken(username, "correct horse battery");

		assertThat(this.api.post("/auth/logout", first).status()).isEqualTo(204);

		Response me = this.api.get("/api/me", first);
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"")
			.contains("error_description=\"The access token has been revoked\"");
		assertThat(me.contentType()).isEqualTo("application/problem+json");
		assertThat(this.api.post("/auth/logout", first).status()).isEqualTo(401);
		assertThat(this.api.get("/api/me", second).status()).isEqualTo(200);
	}

	@Test
	void logoutWhenTokenValidThenOneKeyNamedByJtiWithTtlOfRemainingLifetimePlusTwoSkews() {
		String username = Api.uniqueUsername();
		String token = this.api.newUserToken(username);
		String jti = this.api.get("/api/me", token).json().get("jti").asString();
		assertThat(this.redis.keys("*" + jti + "*")).isEmpty();

		assertThat(this.api.post("/auth/logout", token).status()).isEqualTo(204);

		Set<String> keys = this.redis.keys("*" + jti + "*");
		assertThat(keys).hasSize(1);
		String key = keys.iterator().next();
		assertThat(key).isEqualTo("jr:r:{" + username + "}:j:" + jti);
		assertThat(this.redis.opsForValue().get(key)).isEqualTo("1").doesNotContain(token);
		// 15 minutes of lifetime left, plus 30 s of leeway and 30 s for a verifier's
		// clock lagging behind
		assertThat(this.redis.getExpire(key, TimeUnit.SECONDS)).isCloseTo(900L + 60L, within(2L));
		// the session had no other token: no session key, the only key a logout leaves
		assertThat(this.redis.keys("jr:r:{" + username + "}:*")).containsExactly(key);
	}

	@Test
	void logoutWhenTheSessionWasRefreshedThenItsPreviousTokenIsRefusedThroughASessionKey() {
		String username = Api.uniqueUsername();
		this.api.register(username, "correct horse battery");
		Response login = this.api.login(username, "correct horse battery");
		String first = login.json().get("access_token").asString();
		Response refreshed = this.api.refresh(login.json().get("refresh_token").asString());
		String second = refreshed.json().get("access_token").asString();
		String sid = this.api.get("/api/me", second).json().get("sid").asString();

		assertThat(this.api.post("/auth/logout", second).status()).isEqualTo(204);

		assertThat(this.api.get("/api/me", first).status()).isEqualTo(401);
		assertThat(this.api.get("/api/me", second).status()).isEqualTo(401);
		String sessionKey = "jr:r:{" + username + "}:s:" + sid;
		assertThat(this.redis.hasKey(sessionKey)).isTrue();
		// the first token was issued at most a moment ago: 15 minutes plus three skews
		assertThat(this.redis.getExpire(sessionKey, TimeUnit.SECONDS)).isCloseTo(900L + 90L, within(3L));
		assertThat(this.redis.keys("jr:session:{" + username + "}*")).isEmpty();
	}

	@Test
	void logoutWhenRepeatedHundredTimesThenTheTokenIsRefusedOnAFreshConnectionEveryTime() {
		String username = Api.uniqueUsername();
		this.api.register(username, "correct horse battery");
		for (int i = 0; i < 100; i++) {
			String token = this.api.loginToken(username, "correct horse battery");
			assertThat(this.api.post("/auth/logout", token).status()).isEqualTo(204);
			Response reuse = this.api.freshConnection().get("/api/me", token);
			assertThat(reuse.status()).as("attempt %d", i).isEqualTo(401);
		}
	}

}
