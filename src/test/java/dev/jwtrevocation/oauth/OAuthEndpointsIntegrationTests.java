package dev.jwtrevocation.oauth;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import dev.jwtrevocation.JwtRevocationApplication;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.support.RedisProcess;
import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance signing ES256 with a configured key, as another service sees it: its
 * metadata and JWK Set, a stock Spring Security decoder configured with nothing but the
 * issuer, and token revocation (RFC 7009) and introspection (RFC 7662) by configured
 * clients.
 */
@ExtendWith(OutputCaptureExtension.class)
class OAuthEndpointsIntegrationTests {

	private static final String PASSWORD = "correct horse battery";

	private static final String FIRST_PARTY = "jwt-revocation-client";

	private static final String FIRST_PARTY_SECRET = "first-party-secret-0123456789";

	private static final String ORDERS = "orders-service";

	private static final String ORDERS_SECRET = "orders-secret-0123456789abcdef";

	/** A configured client that no token is meant for. */
	private static final String STRANGER = "stranger-service";

	private static final String STRANGER_SECRET = "stranger-secret-0123456789abcdef";

	static KeyPair pair;

	static String issuer;

	static ConfigurableApplicationContext app;

	static Api api;

	@BeforeAll
	static void start() throws Exception {
		pair = dev.jwtrevocation.token.Es256Keys.generate();
		int port = RedisProcess.freePort();
		issuer = "http://127.0.0.1:" + port;
		String pem = dev.jwtrevocation.token.Es256Keys.pem(pair);
		app = Instances.startOn(port, "--jwt.issuer=" + issuer, "--jwt.keys[0].id=k1",
				"--jwt.keys[0].private-key=" + pem, "--spring.data.redis.url=" + TestRedis.get().url(),
				"--oauth.clients[0].id=" + FIRST_PARTY,
				"--oauth.clients[0].secret-sha256=" + sha256(FIRST_PARTY_SECRET), "--oauth.clients[1].id=" + ORDERS,
				"--oauth.clients[1].secret-sha256=" + sha256(ORDERS_SECRET),
				"--oauth.clients[1].audiences=jwt-revocation-api", "--oauth.clients[2].id=" + STRANGER,
				"--oauth.clients[2].secret-sha256=" + sha256(STRANGER_SECRET));
		api = Api.of(app);
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void jwksWhenKeysAreEs256ThenThePublicKeyWithItsKidCacheableForTheConfiguredTime() {
		Response jwks = api.get("/.well-known/jwks.json", null);

		assertThat(jwks.status()).isEqualTo(200);
		assertThat(jwks.header("Cache-Control")).isEqualTo("max-age=300, public");
		JsonNode key = jwks.json().get("keys").get(0);
		assertThat(jwks.json().get("keys").size()).isEqualTo(1);
		assertThat(key.get("kty").asString()).isEqualTo("EC");
		assertThat(key.get("crv").asString()).isEqualTo("P-256");
		assertThat(key.get("kid").asString()).isEqualTo("k1");
		assertThat(key.get("alg").asString()).isEqualTo("ES256");
		assertThat(key.get("use").asString()).isEqualTo("sig");
		ECPublicKey expected = (ECPublicKey) pair.getPublic();
		assertThat(new java.math.BigInteger(1, Base64.getUrlDecoder().decode(key.get("x").asString())))
			.isEqualTo(expected.getW().getAffineX());
		assertThat(key.get("x").asString()).hasSize(43);
		assertThat(key.has("d")).isFalse();
	}

	@Test
	void metadataWhenAskedThenIssuerJwksAndEndpointsUnderTheIssuer() {
		Response metadata = api.get("/.well-known/oauth-authorization-server", null);

		assertThat(metadata.status()).isEqualTo(200);
		JsonNode body = metadata.json();
		assertThat(body.get("issuer").asString()).isEqualTo(issuer);
		assertThat(body.get("jwks_uri").asString()).isEqualTo(issuer + "/.well-known/jwks.json");
		assertThat(body.get("revocation_endpoint").asString()).isEqualTo(issuer + "/oauth2/revoke");
		assertThat(body.get("introspection_endpoint").asString()).isEqualTo(issuer + "/oauth2/introspect");
	}

	@Test
	void tokenWhenDecodedBySpringSecurityFromTheIssuerAloneThenAcceptedAsRfc9068() {
		String token = api.newUserToken(Api.uniqueUsername());
		NimbusJwtDecoder decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(issuer);
		decoder.setJwtValidator(JwtValidators.createAtJwtValidator()
			.issuer(issuer)
			.audience("jwt-revocation-api")
			.clientId(FIRST_PARTY)
			.build());

		Jwt jwt = decoder.decode(token);

		assertThat(jwt.getHeaders()).containsEntry("alg", "ES256").containsEntry("kid", "k1");
		assertThat(api.get("/api/me", token).status()).isEqualTo(200);
	}

	@Test
	void revokeWhenTheClientIsNotAuthenticatedThen401InvalidClient() {
		String token = api.newUserToken(Api.uniqueUsername());
		for (Response refused : new Response[] { form("/oauth2/revoke", Map.of("token", token), null, null),
				form("/oauth2/revoke", Map.of("token", token), FIRST_PARTY, "wrong"),
				form("/oauth2/revoke", Map.of("token", token), "nobody", FIRST_PARTY_SECRET) }) {
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.contentType()).isEqualTo("application/problem+json");
			assertThat(refused.header("WWW-Authenticate")).startsWith("Basic");
			assertThat(refused.json().get("error").asString()).isEqualTo("invalid_client");
		}
		assertThat(api.get("/api/me", token).status()).isEqualTo(200);
	}

	@Test
	void revokeWhenAnAccessTokenOfTheClientThen200AndRefusedFromThenOn() {
		String token = api.newUserToken(Api.uniqueUsername());

		Response revoked = form("/oauth2/revoke", Map.of("token", token, "token_type_hint", "access_token"),
				FIRST_PARTY, FIRST_PARTY_SECRET);

		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.body()).isEmpty();
		assertThat(api.get("/api/me", token).status()).isEqualTo(401);
		// again, and an unknown token: 200 as well (RFC 7009 §2.2)
		assertThat(form("/oauth2/revoke", Map.of("token", token), FIRST_PARTY, FIRST_PARTY_SECRET).status())
			.isEqualTo(200);
		assertThat(form("/oauth2/revoke", Map.of("token", "not-a-token"), FIRST_PARTY, FIRST_PARTY_SECRET).status())
			.isEqualTo(200);
	}

	@Test
	void revokeWhenTheTokenWasIssuedToAnotherClientThen400AndItStillWorks() {
		String token = api.newUserToken(Api.uniqueUsername());

		Response refused = form("/oauth2/revoke", Map.of("token", token), ORDERS, ORDERS_SECRET);

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("error").asString()).isEqualTo("unauthorized_client");
		assertThat(api.get("/api/me", token).status()).isEqualTo(200);
	}

	@Test
	void revokeWhenARefreshTokenThenItsSessionEndsWithItsAccessTokens() {
		JsonNode login = api.newUserLogin(Api.uniqueUsername(), PASSWORD);
		String refresh = login.get("refresh_token").asString();

		Response revoked = form("/oauth2/revoke", Map.of("token", refresh, "token_type_hint", "refresh_token"),
				FIRST_PARTY, FIRST_PARTY_SECRET);

		assertThat(revoked.status()).isEqualTo(200);
		assertThat(api.refresh(refresh).status()).isEqualTo(401);
		assertThat(api.get("/api/me", login.get("access_token").asString()).status()).isEqualTo(401);
	}

	@Test
	void introspectWhenLiveThenActiveWithItsClaimsAndAfterLogoutInactive() {
		String username = Api.uniqueUsername();
		String token = api.newUserToken(username);

		Response live = form("/oauth2/introspect", Map.of("token", token), ORDERS, ORDERS_SECRET);

		assertThat(live.status()).isEqualTo(200);
		assertThat(live.header("Cache-Control")).isEqualTo("no-store");
		JsonNode claims = live.json();
		assertThat(claims.get("active").asBoolean()).isTrue();
		assertThat(claims.get("sub").asString()).isEqualTo(username);
		assertThat(claims.get("client_id").asString()).isEqualTo(FIRST_PARTY);
		assertThat(claims.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(claims.get("exp").asLong()).isGreaterThan(System.currentTimeMillis() / 1000);

		assertThat(api.post("/auth/logout", token).status()).isEqualTo(204);

		Response revoked = form("/oauth2/introspect", Map.of("token", token), ORDERS, ORDERS_SECRET);
		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.body()).isEqualTo("{\"active\":false}");
		assertThat(revoked.header("Cache-Control")).isEqualTo("no-store");
		assertThat(form("/oauth2/introspect", Map.of("token", "garbage"), ORDERS, ORDERS_SECRET).body())
			.isEqualTo("{\"active\":false}");
		assertThat(form("/oauth2/introspect", Map.of("token", token), null, null).status()).isEqualTo(401);
	}

	@Test
	void introspectWhenTheTokenIsNotMeantForTheCallerThenExactlyInactive() {
		JsonNode login = api.newUserLogin(Api.uniqueUsername(), PASSWORD);
		String access = login.get("access_token").asString();
		String refresh = login.get("refresh_token").asString();
		for (Map<String, String> fields : List.of(Map.of("token", access), Map.of("token", refresh),
				Map.of("token", refresh, "token_type_hint", "refresh_token"))) {
			assertThat(form("/oauth2/introspect", fields, STRANGER, STRANGER_SECRET).body())
				.isEqualTo("{\"active\":false}");
		}
		// a resource server configured for the audience learns of access tokens only
		assertThat(form("/oauth2/introspect", Map.of("token", access), ORDERS, ORDERS_SECRET).json()
			.get("active")
			.asBoolean()).isTrue();
		assertThat(form("/oauth2/introspect", Map.of("token", refresh, "token_type_hint", "refresh_token"), ORDERS,
				ORDERS_SECRET)
			.body()).isEqualTo("{\"active\":false}");
		// and the refresh token is still usable: introspection touched nothing
		assertThat(api.refresh(refresh).status()).isEqualTo(200);
	}

	@Test
	void introspectWhenACurrentRefreshTokenThenActiveAndAnEarlierOneInactive() {
		JsonNode login = api.newUserLogin(Api.uniqueUsername(), PASSWORD);
		String first = login.get("refresh_token").asString();
		assertThat(form("/oauth2/introspect", Map.of("token", first, "token_type_hint", "refresh_token"), FIRST_PARTY,
				FIRST_PARTY_SECRET)
			.json()
			.get("active")
			.asBoolean()).isTrue();

		String second = api.refresh(first).json().get("refresh_token").asString();

		assertThat(form("/oauth2/introspect", Map.of("token", first), FIRST_PARTY, FIRST_PARTY_SECRET).body())
			.isEqualTo("{\"active\":false}");
		assertThat(form("/oauth2/introspect", Map.of("token", second), FIRST_PARTY, FIRST_PARTY_SECRET).json()
			.get("token_type")
			.asString()).isEqualTo("refresh_token");
	}

	@Test
	void introspectWhenTheBasicHeaderHoldsAMalformedEscapeThen401InvalidClientAndNothingLogged(CapturedOutput output) {
		String token = api.newUserToken(Api.uniqueUsername());
		int logged = output.length();
		for (String credentials : new String[] { "%zz:x", "x:%", "x:%G0", "a\n\u001b[31mforged%zz:x" }) {
			Response response = api.send(api.request("/oauth2/introspect", null)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Authorization",
						"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
				.POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
			assertThat(response.status()).as(credentials).isEqualTo(401);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
			assertThat(response.json().get("error").asString()).isEqualTo("invalid_client");
		}
		assertThat(output.toString().substring(logged)).doesNotContain("IllegalArgumentException")
			.doesNotContain("forged")
			.doesNotContain("\u001b")
			.doesNotContain(" ERROR ");
	}

	@Test
	void introspectWhenCredentialsOrTheTokenAreInTheQueryStringThen400AndNothingIsAnswered() {
		String token = api.newUserToken(Api.uniqueUsername());
		Response inQuery = api.send(api
			.request("/oauth2/introspect?client_id=" + ORDERS + "&client_secret=" + ORDERS_SECRET + "&token=" + token,
					null)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(inQuery.status()).isEqualTo(400);
		assertThat(inQuery.json().get("error").asString()).isEqualTo("invalid_request");
		assertThat(inQuery.body()).doesNotContain("active");
		Response revokeInQuery = api.send(api.request("/oauth2/revoke?token=" + token, null)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization",
					"Basic " + Base64.getEncoder()
						.encodeToString((ORDERS + ":" + ORDERS_SECRET).getBytes(StandardCharsets.UTF_8)))
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(revokeInQuery.status()).isEqualTo(400);
		assertThat(api.get("/api/me", token).status()).isEqualTo(200);
		assertThat(form("/oauth2/introspect", Map.of("token", token), ORDERS, ORDERS_SECRET).json()
			.get("active")
			.asBoolean()).isTrue();
	}

	private static Response form(String path, Map<String, String> fields, String clientId, String secret) {
		String body = fields.entrySet()
			.stream()
			.map((field) -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = api.request(path, null)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (clientId != null) {
			request.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
		}
		return api.send(request);
	}

	private static String sha256(String secret) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
	}

}
