package dev.jwtrevocation.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * Refresh-token rotation with reuse detection, logout-all, the session list: over HTTP,
 * against a real Redis.
 */
@IntegrationTest
class SessionIntegrationTests {

	private static final String PASSWORD = "correct horse battery";

	@Autowired
	StringRedisTemplate redis;

	Api api;

	@Test
	void loginWhenValidThenSessionStoredWithRefreshTokenOnlyAsSha256() {
		String username = Api.uniqueUsername();
		JsonNode tokens = registerAndLogin(username);
		String refreshToken = tokens.get("refresh_token").asString();
		String sid = me(tokens).get("sid").asString();

		String key = "jr:session:{" + username + "}:" + sid;
		Map<Object, Object> session = this.redis.opsForHash().entries(key);
		assertThat(session).containsKeys("refresh", "created_ms", "last_used_ms", "user_agent", "ip");
		String secret = refreshToken.substring(refreshToken.lastIndexOf('.') + 1);
		assertThat(session.get("refresh")).isEqualTo(sha256(secret));
		assertThat(session.values()).noneMatch((value) -> value.toString().contains(secret));
		assertThat(this.redis.getExpire(key, TimeUnit.SECONDS)).isCloseTo(7 * 24 * 3600L, within(5L));
	}

	@Test
	void refreshWhenTokenIsCurrentThenNewPairAndThePresentedTokenIsDead() {
		String username = Api.uniqueUsername();
		JsonNode first = registerAndLogin(username);
		Response refreshed = refresh(first.get("refresh_token").asString());
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(refreshed.header("Cache-Control")).isEqualTo("no-store");
		JsonNode second = refreshed.json();
		assertThat(second.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(second.get("expires_in").asLong()).isEqualTo(900);
		assertThat(second.get("refresh_expires_in").asLong()).isEqualTo(7 * 24 * 3600);
		assertThat(second.get("refresh_token").asString()).isNotEqualTo(first.get("refresh_token").asString());
		assertThat(this.api.get("/api/me", second.get("access_token").asString()).status()).isEqualTo(200);
		// same session
		assertThat(me(second).get("sid").asString()).isEqualTo(me(first).get("sid").asString());
	}

	@Test
	void refreshWhenRotatedOutTokenIsReplayedThen401AndTheWholeSessionIsRevoked() {
		String username = Api.uniqueUsername();
		JsonNode first = registerAndLogin(username);
		JsonNode other = login(username);
		JsonNode second = refresh(first.get("refresh_token").asString()).json();
		String sid = me(second).get("sid").asString();

		Response replay = refresh(first.get("refresh_token").asString());

		assertThat(replay.status()).isEqualTo(401);
		assertThat(replay.contentType()).isEqualTo("application/problem+json");
		assertThat(replay.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
		// the session's current refresh token and every access token issued under it die
		assertThat(refresh(second.get("refresh_token").asString()).status()).isEqualTo(401);
		assertThat(this.api.get("/api/me", second.get("access_token").asString()).status()).isEqualTo(401);
		assertThat(this.api.get("/api/me", first.get("access_token").asString()).status()).isEqualTo(401);
		// until the session's latest token, just issued, can no longer be accepted
		// anywhere
		assertThat(this.redis.getExpire("jr:r:{" + username + "}:s:" + sid, TimeUnit.SECONDS)).isCloseTo(900L + 90L,
				within(2L));
		// another login of the same user is untouched
		assertThat(this.api.get("/api/me", other.get("access_token").asString()).status()).isEqualTo(200);
	}

	@Test
	void refreshWhenTokenIsForgedOrMalformedThen401AndSessionSurvives() {
		String username = Api.uniqueUsername();
		JsonNode tokens = registerAndLogin(username);
		String refreshToken = tokens.get("refresh_token").asString();
		String forged = refreshToken.substring(0, refreshToken.lastIndexOf('.') + 1) + "A".repeat(43);
		assertThat(refresh(forged).status()).isEqualTo(401);
		assertThat(refresh("not-a-refresh-token").status()).isEqualTo(401);
		assertThat(this.api.postJson("/auth/refresh", Map.of()).status()).isEqualTo(400);
		// a guess is not a replay: the real token still works
		assertThat(refresh(refreshToken).status()).isEqualTo(200);
	}

	@Test
	void refreshWhenTenRequestsRaceWithOneTokenThenAtMostOneSucceeds() {
		String username = Api.uniqueUsername();
		String refreshToken = registerAndLogin(username).get("refresh_token").asString();
		List<CompletableFuture<Integer>> racers = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Api client = this.api.freshConnection();
			racers.add(CompletableFuture.supplyAsync(() -> refresh(client, refreshToken).status()));
		}
		List<Integer> statuses = racers.stream().map(CompletableFuture::join).toList();
		assertThat(statuses).containsOnly(200, 401);
		assertThat(statuses.stream().filter((status) -> status == 200).count()).isLessThanOrEqualTo(1);
	}

	@Test
	void logoutWhenSessionHasRefreshTokenThenItDiesToo() {
		String username = Api.uniqueUsername();
		JsonNode tokens = registerAndLogin(username);
		assertThat(this.api.post("/auth/logout", tokens.get("access_token").asString()).status()).isEqualTo(204);
		assertThat(refresh(tokens.get("refresh_token").asString()).status()).isEqualTo(401);
	}

	@Test
	void logoutAllWhenUserHasSeveralSessionsThenEveryTokenDiesAndALoginInTheSameSecondWorks() {
		String username = Api.uniqueUsername();
		JsonNode first = registerAndLogin(username);
		JsonNode second = login(username);
		JsonNode refreshed = refresh(second.get("refresh_token").asString()).json();

		assertThat(this.api.post("/auth/logout-all", first.get("access_token").asString()).status()).isEqualTo(204);
		JsonNode after = login(username);

		assertThat(this.api.get("/api/me", first.get("access_token").asString()).status()).isEqualTo(401);
		assertThat(this.api.get("/api/me", second.get("access_token").asString()).status()).isEqualTo(401);
		assertThat(this.api.get("/api/me", refreshed.get("access_token").asString()).status()).isEqualTo(401);
		assertThat(refresh(first.get("refresh_token").asString()).status()).isEqualTo(401);
		assertThat(refresh(refreshed.get("refresh_token").asString()).status()).isEqualTo(401);
		assertThat(this.api.get("/api/me", after.get("access_token").asString()).status()).isEqualTo(200);
		assertThat(refresh(after.get("refresh_token").asString()).status()).isEqualTo(200);

		String cutoff = "jr:r:{" + username + "}:cutoff";
		assertThat(Long.parseLong(this.redis.opsForValue().get(cutoff))).isCloseTo(System.currentTimeMillis(),
				within(60_000L));
		// outlives the longest token: 7 days of refresh token plus 30 s of skew
		assertThat(this.redis.getExpire(cutoff, TimeUnit.SECONDS)).isCloseTo(7 * 24 * 3600L + 30, within(5L));
		assertThat(this.api.get("/auth/sessions", after.get("access_token").asString()).json()).hasSize(1);
	}

	@Test
	void logoutAllWhenRepeatedLoginsRaceItThenEveryLoginAfterTheAnswerWorks() {
		String username = Api.uniqueUsername();
		JsonNode tokens = registerAndLogin(username);
		for (int i = 0; i < 20; i++) {
			assertThat(this.api.post("/auth/logout-all", tokens.get("access_token").asString()).status())
				.isEqualTo(204);
			tokens = login(username);
			assertThat(this.api.get("/api/me", tokens.get("access_token").asString()).status()).as("round %d", i)
				.isEqualTo(200);
		}
	}

	@Test
	void sessionsWhenUserHasTwoLoginsThenBothListedWithTheCurrentOneMarked() {
		String username = Api.uniqueUsername();
		this.api.register(username, PASSWORD);
		JsonNode phone = loginAs(username, "PhoneApp/1.0");
		JsonNode laptop = loginAs(username, "Laptop/2.0");

		Response response = this.api.get("/auth/sessions", laptop.get("access_token").asString());

		assertThat(response.status()).isEqualTo(200);
		JsonNode sessions = response.json();
		assertThat(sessions).hasSize(2);
		JsonNode first = sessions.get(0);
		assertThat(first.get("id").asString()).isEqualTo(me(phone).get("sid").asString());
		assertThat(first.get("user_agent").asString()).isEqualTo("PhoneApp/1.0");
		assertThat(first.get("ip").asString()).isEqualTo("127.0.0.1");
		assertThat(first.get("current").asBoolean()).isFalse();
		assertThat(first.has("created_at")).isTrue();
		assertThat(first.has("last_used_at")).isTrue();
		assertThat(sessions.get(1).get("current").asBoolean()).isTrue();
		assertThat(sessions.get(1).get("user_agent").asString()).isEqualTo("Laptop/2.0");
	}

	@Test
	void deleteSessionWhenItIsAnotherLoginThenItsTokensDieAndMineLive() {
		String username = Api.uniqueUsername();
		JsonNode phone = registerAndLogin(username);
		JsonNode laptop = login(username);
		String phoneSid = me(phone).get("sid").asString();
		String laptopToken = laptop.get("access_token").asString();

		Response deleted = this.api.send(this.api.request("/auth/sessions/" + phoneSid, laptopToken).DELETE());

		assertThat(deleted.status()).isEqualTo(204);
		assertThat(this.api.get("/api/me", phone.get("access_token").asString()).status()).isEqualTo(401);
		assertThat(refresh(phone.get("refresh_token").asString()).status()).isEqualTo(401);
		assertThat(this.api.get("/api/me", laptopToken).status()).isEqualTo(200);
		Response again = this.api.send(this.api.request("/auth/sessions/" + phoneSid, laptopToken).DELETE());
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void deleteSessionWhenItBelongsToAnotherUserThen404AndItSurvives() {
		JsonNode mine = registerAndLogin(Api.uniqueUsername());
		JsonNode theirs = registerAndLogin(Api.uniqueUsername());
		String theirSid = me(theirs).get("sid").asString();
		Response response = this.api
			.send(this.api.request("/auth/sessions/" + theirSid, mine.get("access_token").asString()).DELETE());
		assertThat(response.status()).isEqualTo(404);
		assertThat(this.api.get("/api/me", theirs.get("access_token").asString()).status()).isEqualTo(200);
	}

	@Test
	void sessionEndpointsWhenNoTokenThen401() {
		assertThat(this.api.get("/auth/sessions", null).status()).isEqualTo(401);
		assertThat(this.api.send(this.api.request("/auth/sessions/abc", null).DELETE()).status()).isEqualTo(401);
		assertThat(this.api.post("/auth/logout-all", null).status()).isEqualTo(401);
	}

	private JsonNode registerAndLogin(String username) {
		return this.api.newUserLogin(username, PASSWORD);
	}

	private JsonNode login(String username) {
		Response login = this.api.login(username, PASSWORD);
		assertThat(login.status()).isEqualTo(200);
		return login.json();
	}

	private JsonNode loginAs(String username, String userAgent) {
		Response login = this.api.send(this.api.request("/auth/login", null)
			.header("Content-Type", "application/json")
			.header("User-Agent", userAgent)
			.POST(java.net.http.HttpRequest.BodyPublishers
				.ofString("{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}")));
		assertThat(login.status()).isEqualTo(200);
		return login.json();
	}

	private JsonNode me(JsonNode tokens) {
		Response me = this.api.get("/api/me", tokens.get("access_token").asString());
		assertThat(me.status()).isEqualTo(200);
		return me.json();
	}

	private Response refresh(String refreshToken) {
		return refresh(this.api, refreshToken);
	}

	private static Response refresh(Api client, String refreshToken) {
		return client.postJson("/auth/refresh", Map.of("refresh_token", refreshToken));
	}

	private static String sha256(String value) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256")
					.digest(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
