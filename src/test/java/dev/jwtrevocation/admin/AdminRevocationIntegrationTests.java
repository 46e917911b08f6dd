package dev.jwtrevocation.admin;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.user.User;
import dev.jwtrevocation.user.UserStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The operator API over HTTP against a real Redis: who may call it, each selector, the
 * dry run, the audit trail and the lift, under their own key namespace.
 */
@IntegrationTest
@TestPropertySource(properties = { "revocation.key-namespace=ops",
		"admin.usernames=" + AdminRevocationIntegrationTests.ADMIN,
		"oauth.clients[0].id=" + AdminRevocationIntegrationTests.CONSOLE,
		"oauth.clients[0].secret-sha256=" + AdminRevocationIntegrationTests.CONSOLE_SECRET_SHA256,
		"oauth.clients[0].scopes=revocation:admin", "oauth.clients[1].id=" + AdminRevocationIntegrationTests.PLAIN,
		"oauth.clients[1].secret-sha256=" + AdminRevocationIntegrationTests.CONSOLE_SECRET_SHA256,
		"oauth.clients[2].id=jwt-revocation-client",
		"oauth.clients[2].secret-sha256=" + AdminRevocationIntegrationTests.CONSOLE_SECRET_SHA256 })
class AdminRevocationIntegrationTests {

	static final String ADMIN = "ops-admin";

	static final String CONSOLE = "admin-console";

	static final String PLAIN = "plain-client";

	static final String CONSOLE_SECRET = "console-secret-0123456789abcdef";

	/** SHA-256 of {@link #CONSOLE_SECRET}, checked by {@link #secretHashMatches}. */
	static final String CONSOLE_SECRET_SHA256 = "1b1140587a389040a6c2bef985fb5b674104074b4e66774f538432ec96b6d05e";

	private static final String PASSWORD = "correct horse battery";

	private static final JsonMapper json = JsonMapper.builder().build();

	Api api;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	UserStore users;

	@Autowired
	PasswordEncoder passwords;

	@BeforeEach
	void adminUserExists() {
		this.users.createIfAbsent(new User(ADMIN, this.passwords.encode(PASSWORD), User.DEFAULT_ROLES));
	}

	@Test
	void secretHashMatches() throws Exception {
		assertThat(HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(CONSOLE_SECRET.getBytes(StandardCharsets.UTF_8))))
			.isEqualTo(CONSOLE_SECRET_SHA256);
	}

	@Test
	void adminApiWhenAnonymousThen401AndWhenOrdinaryUserOrClientThen403() {
		Response anonymous = this.api.get("/admin/revocations", null);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.contentType()).isEqualTo("application/problem+json");
		assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");

		String user = this.api.newUserToken(Api.uniqueUsername());
		Response forbidden = postAdmin(user,
				Map.of("selector", Map.of("user", "someone"), "reason", Map.of("code", "test")));
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbidden.contentType()).isEqualTo("application/problem+json");
		assertThat(this.api.get("/admin/revocations", user).status()).isEqualTo(403);

		Response plain = clientToken(PLAIN, null);
		assertThat(plain.status()).isEqualTo(400);
		assertThat(plain.json().get("error").asString()).isEqualTo("unauthorized_client");
	}

	@Test
	void tokenEndpointWhenClientCredentialsThenAScopedTokenThatIsNotAUsers() {
		Response token = clientToken(CONSOLE, "revocation:admin");

		assertThat(token.status()).isEqualTo(200);
		assertThat(token.header("Cache-Control")).isEqualTo("no-store");
		assertThat(token.json().get("token_type").asString()).isEqualTo("Bearer");
		assertThat(token.json().get("scope").asString()).isEqualTo("revocation:admin");
		assertThat(token.json().get("expires_in").asLong()).isEqualTo(900);
		JsonNode claims = json
			.readTree(Base64.getUrlDecoder().decode(token.json().get("access_token").asString().split("\\.")[1]));
		assertThat(claims.get("sub").asString()).isEqualTo(CONSOLE);
		assertThat(claims.get("client_id").asString()).isEqualTo(CONSOLE);
		assertThat(claims.has("roles")).isFalse();
		assertThat(clientToken(CONSOLE, "revocation:admin openid").json().get("error").asString())
			.isEqualTo("invalid_scope");
		Response password = this.api.send(this.api.request("/oauth2/token", null)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", basic(CONSOLE, CONSOLE_SECRET))
			.POST(BodyPublishers.ofString("grant_type=password")));
		assertThat(password.status()).isEqualTo(400);
		assertThat(password.json().get("error").asString()).isEqualTo("unsupported_grant_type");
		Response wrongSecret = this.api.send(this.api.request("/oauth2/token", null)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", basic(CONSOLE, "wrong"))
			.POST(BodyPublishers.ofString("grant_type=client_credentials")));
		assertThat(wrongSecret.status()).isEqualTo(401);
	}

	@Test
	void userSelectorWhenDryRunThenExactCountAndNothingRevokedThenRealCallRevokesEveryToken() {
		String username = Api.uniqueUsername();
		List<JsonNode> logins = new ArrayList<>();
		assertThat(this.api.register(username, PASSWORD).status()).isEqualTo(201);
		for (int i = 0; i < 3; i++) {
			logins.add(this.api.login(username, PASSWORD).json());
		}
		String admin = adminToken();
		Map<String, Object> request = Map.of("selector", Map.of("user", username), "reason",
				Map.of("code", "account-takeover", "admin", "ticket SEC-42", "user", "Your account was secured"));

		Response dryRun = postAdmin(admin, with(request, "dry_run", true));

		assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
		assertThat(dryRun.json().get("dry_run").asBoolean()).isTrue();
		assertThat(dryRun.json().get("sessions").asLong()).isEqualTo(3);
		assertThat(dryRun.json().get("users").asLong()).isEqualTo(1);
		assertThat(dryRun.json().get("exact").asBoolean()).isTrue();
		assertThat(this.redis.hasKey("ops:r:{" + username + "}:cutoff")).isFalse();
		assertThat(this.api.get("/api/me", logins.get(0).get("access_token").asString()).status()).isEqualTo(200);

		Response revoked = postAdmin(admin, request);

		assertThat(revoked.status()).as(revoked.body()).isEqualTo(201);
		String id = revoked.json().get("id").asString();
		assertThat(revoked.header("Location")).isEqualTo("/admin/revocations/" + id);
		assertThat(revoked.json().get("action").asString()).isEqualTo("operator");
		assertThat(revoked.json().get("actor").asString()).isEqualTo(CONSOLE);
		assertThat(revoked.json().get("selector").get("kind").asString()).isEqualTo("user");
		assertThat(revoked.json().get("reason").get("code").asString()).isEqualTo("account-takeover");
		assertThat(revoked.json().get("reason").get("initiating_entity").asString()).isEqualTo("admin");
		assertThat(revoked.json().get("affected_sessions").asLong()).isEqualTo(3);
		assertThat(revoked.json().get("acknowledged_ms").asDouble()).isPositive();
		for (JsonNode login : logins) {
			assertThat(this.api.get("/api/me", login.get("access_token").asString()).status()).isEqualTo(401);
			assertThat(this.api.refresh(login.get("refresh_token").asString()).status()).isEqualTo(401);
		}
		assertThat(this.redis.getExpire("ops:r:{" + username + "}:cutoff", TimeUnit.SECONDS))
			.isCloseTo(7 * 24 * 3600L + 30, within(5L));
		assertThat(postAdmin(admin, with(request, "dry_run", true)).json().get("sessions").asLong()).isZero();

		JsonNode page = this.api.get("/admin/revocations?user=" + username, admin).json();
		assertThat(page.get("entries").size()).isEqualTo(1);
		assertThat(page.get("entries").get(0).get("id").asString()).isEqualTo(id);
		assertThat(page.get("entries").get(0).toString()).doesNotContain(logins.get(0).get("access_token").asString())
			.doesNotContain(logins.get(0).get("refresh_token").asString());
	}

	@Test
	void liftWhenOperatorsRevocationThenTokensAcceptedAgainAndTheLiftIsAuditedOnce() {
		String username = Api.uniqueUsername();
		JsonNode login = this.api.newUserLogin(username, PASSWORD);
		String token = login.get("access_token").asString();
		String admin = adminUserToken();
		String id = postAdmin(admin, Map.of("selector", Map.of("user", username), "reason", Map.of("code", "mistake")))
			.json()
			.get("id")
			.asString();
		assertThat(this.api.get("/api/me", token).status()).isEqualTo(401);

		Response lift = delete("/admin/revocations/" + id, admin);

		assertThat(lift.status()).as(lift.body()).isEqualTo(200);
		assertThat(lift.json().get("action").asString()).isEqualTo("lift");
		assertThat(lift.json().get("lifts").asString()).isEqualTo(id);
		assertThat(lift.json().get("actor").asString()).isEqualTo(ADMIN);
		assertThat(this.api.get("/api/me", token).status()).isEqualTo(200);
		assertThat(this.api.refresh(login.get("refresh_token").asString()).status()).isEqualTo(200);
		assertThat(this.redis.hasKey("ops:r:{" + username + "}:cutoff")).isFalse();
		assertThat(this.api.get("/admin/revocations/" + id, admin).json().get("lifted_by").asString())
			.isEqualTo(lift.json().get("id").asString());
		Response again = delete("/admin/revocations/" + id, admin);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("type").asString()).endsWith("revocation-not-liftable");
		assertThat(delete("/admin/revocations/1-0", admin).status()).isEqualTo(404);
		assertThat(delete("/admin/revocations/not-an-id", admin).status()).isEqualTo(404);
	}

	@Test
	void liftWhenALogoutsEntryThen409AndTheTrailHoldsEveryKindOfRevocation() {
		String username = Api.uniqueUsername();
		String token = this.api.newUserToken(username);
		assertThat(this.api.post("/auth/logout", token).status()).isEqualTo(204);
		String admin = adminToken();

		JsonNode entries = this.api.get("/admin/revocations?user=" + username, admin).json().get("entries");

		assertThat(entries.size()).isEqualTo(1);
		assertThat(entries.get(0).get("action").asString()).isEqualTo("logout");
		assertThat(entries.get(0).get("actor").asString()).isEqualTo(username.toLowerCase());
		assertThat(entries.get(0).get("selector").get("kind").asString()).isEqualTo("token");
		Response lift = delete("/admin/revocations/" + entries.get(0).get("id").asString(), admin);
		assertThat(lift.status()).isEqualTo(409);
		assertThat(this.api.get("/api/me", token).status()).isEqualTo(401);
	}

	@Test
	void sessionSelectorWhenRevokedThenOnlyThatSessionEnds() {
		String username = Api.uniqueUsername();
		JsonNode first = this.api.newUserLogin(username, PASSWORD);
		JsonNode second = this.api.login(username, PASSWORD).json();
		String sid = sid(first.get("access_token").asString());
		String admin = adminToken();
		Map<String, Object> request = Map.of("selector", Map.of("user", username, "session_id", sid), "reason",
				Map.of("code", "lost-device", "initiating_entity", "user"));

		assertThat(postAdmin(admin, with(request, "dry_run", true)).json().get("sessions").asLong()).isEqualTo(1);
		Response revoked = postAdmin(admin, request);

		assertThat(revoked.status()).isEqualTo(201);
		assertThat(revoked.json().get("selector").get("value").asString()).isEqualTo(sid);
		assertThat(this.api.get("/api/me", first.get("access_token").asString()).status()).isEqualTo(401);
		assertThat(this.api.get("/api/me", second.get("access_token").asString()).status()).isEqualTo(200);
		assertThat(this.redis.hasKey("ops:r:{" + username + "}:s:" + sid)).isTrue();
	}

	@Test
	void clientSelectorWhenRevokedThenEveryTokenOfThatClientIsRefusedAndOthersAreNot() {
		String console = adminToken();
		String other = this.api.newUserToken(Api.uniqueUsername());

		Response revoked = postAdmin(console, Map.of("selector", Map.of("client_id", CONSOLE), "reason",
				Map.of("code", "client-compromised", "initiating_entity", "policy")));

		assertThat(revoked.status()).as(revoked.body()).isEqualTo(201);
		assertThat(this.api.get("/admin/revocations", console).status()).isEqualTo(401);
		assertThat(this.api.get("/api/me", other).status()).isEqualTo(200);
		assertThat(this.redis.hasKey("ops:r:{!c:" + CONSOLE + "}:cutoff")).isTrue();
		assertThat(this.api.get("/admin/revocations?kind=client", adminToken()).status()).isEqualTo(200);
	}

	@Test
	void keySelectorWhenRevokedThenItsEntryIsWrittenWithATtl() {
		Response revoked = postAdmin(adminToken(), Map.of("selector", Map.of("kid", "retired-key-7"), "reason",
				Map.of("code", "key-leak", "admin", "found in a public repository")));

		assertThat(revoked.status()).as(revoked.body()).isEqualTo(201);
		assertThat(this.redis.getExpire("ops:r:{!}:k:retired-key-7", TimeUnit.SECONDS)).isPositive();
		assertThat(postAdmin(adminToken(),
				Map.of("selector", Map.of("kid", "k"), "reason", Map.of("code", "x"), "dry_run", true))
			.json()
			.get("exact")
			.asBoolean()).isFalse();
	}

	@Test
	void revokeWhenBadInputThen400ProblemJson() {
		String admin = adminToken();
		Map<String, Object> reason = Map.of("code", "test");
		assertBadRequest(postAdmin(admin, Map.of("selector", Map.of("user", "a"), "reason", reason, "extra", 1)),
				"validation-failed");
		assertBadRequest(postAdmin(admin, Map.of("selector", Map.of("user", "a", "typo", 1), "reason", reason)),
				"validation-failed");
		assertBadRequest(postAdmin(admin, Map.of("selector", Map.of("user", "a", "kid", "k"), "reason", reason)),
				"invalid-selector");
		assertBadRequest(postAdmin(admin, Map.of("selector", Map.of(), "reason", reason)), "invalid-selector");
		assertBadRequest(postAdmin(admin, Map.of("selector", Map.of("user", "a"))), "validation-failed");
		assertBadRequest(
				postAdmin(admin, Map.of("selector", Map.of("user", "a"), "reason", Map.of("code", "Bad Code"))),
				"validation-failed");
		assertBadRequest(postAdmin(admin,
				Map.of("selector", Map.of("user", "a"), "reason", Map.of("code", "x", "initiating_entity", "robot"))),
				"validation-failed");
		assertBadRequest(postAdmin(admin, Map.of("selector",
				Map.of("issued_before", Instant.now().plusSeconds(3600).toString()), "reason", reason)),
				"validation-failed");
		assertBadRequest(postAdmin(admin,
				Map.of("selector", Map.of("issuer", "https://unknown.example", "subject", "s"), "reason", reason)),
				"validation-failed");
		assertBadRequest(postAdmin(admin, Map.of("selector", Map.of("client_id", "a b"), "reason", reason)),
				"validation-failed");
		assertThat(this.api.get("/admin/revocations?limit=1000", admin).status()).isEqualTo(400);
		assertThat(this.api.get("/admin/revocations?since=yesterday", admin).status()).isEqualTo(400);
	}

	@Test
	void registerWhenTheNameIsAnUnregisteredAdminsOrAClientsThen409() {
		assertThat(this.api.register(ADMIN, PASSWORD).status()).isEqualTo(409);
		assertThat(this.api.register(CONSOLE.toUpperCase(), PASSWORD).status()).isEqualTo(409);
	}

	@Test
	void userEndpointsWhenAClientsOwnTokenThen403AndNothingOfAUserIsTouched() {
		String console = adminToken();

		Response me = this.api.get("/api/me", console);
		Response logoutAll = this.api.post("/auth/logout-all", console);

		assertThat(me.status()).isEqualTo(403);
		assertThat(me.contentType()).isEqualTo("application/problem+json");
		assertThat(logoutAll.status()).isEqualTo(403);
		assertThat(this.redis.hasKey("ops:r:{" + CONSOLE + "}:cutoff")).isFalse();
		assertThat(this.api.get("/admin/revocations", console).status()).isEqualTo(200);
	}

	@Test
	void trailWhenPagedThenNewestFirstWithoutRepeats() {
		String admin = adminToken();
		String username = Api.uniqueUsername();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String token = this.api.newUserToken((i == 0) ? username : username + "-" + i);
			ids.add(postAdmin(admin, Map.of("selector", Map.of("user", (i == 0) ? username : username + "-" + i),
					"reason", Map.of("code", "paging-" + username.substring(5))))
				.json()
				.get("id")
				.asString());
			assertThat(this.api.get("/api/me", token).status()).isEqualTo(401);
		}
		List<String> seen = new ArrayList<>();
		String next = null;
		do {
			JsonNode page = this.api
				.get("/admin/revocations?limit=2&reason=paging-" + username.substring(5)
						+ ((next != null) ? "&before=" + next : ""), admin)
				.json();
			page.get("entries").forEach((entry) -> seen.add(entry.get("id").asString()));
			next = (page.get("next") != null && !page.get("next").isNull()) ? page.get("next").asString() : null;
		}
		while (next != null);
		java.util.Collections.reverse(ids);
		assertThat(seen).containsExactlyElementsOf(ids);
	}

	private void assertBadRequest(Response response, String type) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("type").asString()).endsWith(type);
	}

	private static Map<String, Object> with(Map<String, Object> request, String name, Object value) {
		Map<String, Object> copy = new java.util.LinkedHashMap<>(request);
		copy.put(name, value);
		return copy;
	}

	private Response postAdmin(String token, Map<String, Object> body) {
		return this.api.postJson("/admin/revocations", token, body);
	}

	private Response delete(String path, String token) {
		return this.api.send(this.api.request(path, token).DELETE());
	}

	private String adminToken() {
		return this.api.clientToken(CONSOLE, CONSOLE_SECRET);
	}

	private String adminUserToken() {
		return this.api.loginToken(ADMIN, PASSWORD);
	}

	private Response clientToken(String client, String scope) {
		String form = "grant_type=client_credentials"
				+ ((scope != null) ? "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8) : "");
		HttpRequest.Builder request = this.api.request("/oauth2/token", null)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", basic(client, CONSOLE_SECRET))
			.POST(BodyPublishers.ofString(form));
		return this.api.send(request);
	}

	private static String basic(String id, String secret) {
		return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	private static String sid(String token) {
		return json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("sid").asString();
	}

}
