package dev.jwtrevocation.token;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.support.TokenForge;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forged-token catalogue of RFC 8725: every token here must get a 401 with the
 * {@code invalid_token} challenge and a problem+json body, never a 200 and never a 500.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgedTokenIntegrationTests {

	private static final String USER = "forged-" + Instant.now().toEpochMilli();

	@Value("${jwt.secret}")
	String secret;

	TokenForge forge;

	Api api;

	@BeforeAll
	void setUp() {
		this.forge = new TokenForge(this.secret, "jwt-revocation", "jwt-revocation-api");
	}

	@Test
	void meWhenHandMadeTokenIsCorrectThen200SoTheCatalogueBelowTestsOneDefectEach() {
		String token = this.forge.sign(this.forge.header(), this.forge.claims(USER));
		assertThat(this.api.get("/api/me", token).status()).isEqualTo(200);
	}

	@Test
	void meWhenAudIsAnArrayContainingUsThen200() {
		Map<String, Object> claims = this.forge.claims(USER);
		claims.put("aud", List.of("another-api", "jwt-revocation-api"));
		assertThat(this.api.get("/api/me", this.forge.sign(this.forge.header(), claims)).status()).isEqualTo(200);
	}

	@Test
	void meWhenTypIsApplicationAtJwtThen200() {
		Map<String, Object> header = this.forge.header();
		header.put("typ", "application/at+jwt");
		assertThat(this.api.get("/api/me", this.forge.sign(header, this.forge.claims(USER))).status()).isEqualTo(200);
	}

	@Test
	void meWhenSchemeIsLowerCaseThen200() {
		String token = this.forge.sign(this.forge.header(), this.forge.claims(USER));
		Response me = this.api.send(this.api.request("/api/me", null).header("Authorization", "bearer " + token));
		assertThat(me.status()).isEqualTo(200);
	}

	@Test
	void meWhenTokenIsInQueryParameterThen401WithoutError() {
		String token = this.forge.sign(this.forge.header(), this.forge.claims(USER));
		Response me = this.api.get("/api/me?access_token=" + token, null);
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.header("WWW-Authenticate")).isEqualTo("Bearer");
	}

	Stream<Arguments> forgedTokens() {
		long now = Instant.now().getEpochSecond();
		String valid = this.forge.sign(this.forge.header(), this.forge.claims(USER));
		String[] parts = valid.split("\\.");
		return Stream.of(forged("alg none", TokenForge.unsigned(this.forge.claims(USER))),
				forged("alg HS384 with the right key", withHeader((h) -> h.put("alg", "HS384"))),
				forged("alg HS512 with the right key", withHeader((h) -> h.put("alg", "HS512"))),
				forged("RS256 with an embedded jwk", TokenForge.rs256WithEmbeddedJwk(this.forge.claims(USER))),
				forged("HS256 with a jwk header", withHeader((h) -> h.put("jwk", Map.of("kty", "oct", "k", "AAAA")))),
				forged("HS256 with a jku header", withHeader((h) -> h.put("jku", "http://127.0.0.1:1/jwks.json"))),
				forged("HS256 with an x5u header", withHeader((h) -> h.put("x5u", "http://127.0.0.1:1/cert.pem"))),
				forged("typ JWT", withHeader((h) -> h.put("typ", "JWT"))),
				forged("typ missing", withHeader((h) -> h.remove("typ"))),
				forged("expired beyond the skew", withClaims((c) -> c.put("exp", now - 120))),
				forged("nbf in the future", withClaims((c) -> c.put("nbf", now + 300))),
				forged("iat in the future", withClaims((c) -> c.put("iat", now + 300))),
				forged("wrong iss", withClaims((c) -> c.put("iss", "https://evil.example"))),
				forged("wrong aud", withClaims((c) -> c.put("aud", "another-api"))),
				forged("jti missing", withClaims((c) -> c.remove("jti"))),
				forged("sub missing", withClaims((c) -> c.remove("sub"))),
				forged("exp missing", withClaims((c) -> c.remove("exp"))),
				forged("iss missing", withClaims((c) -> c.remove("iss"))),
				forged("sid missing", withClaims((c) -> c.remove("sid"))),
				forged("sid not a string", withClaims((c) -> c.put("sid", 42))),
				forged("iat_ms missing", withClaims((c) -> c.remove("iat_ms"))),
				forged("iat_ms not a number", withClaims((c) -> c.put("iat_ms", "soon"))),
				forged("exp far beyond any date", withClaims((c) -> c.put("exp", Long.MAX_VALUE))),
				forged("exp not a number", withClaims((c) -> c.put("exp", "tomorrow"))),
				forged("iss not a string", withClaims((c) -> c.put("iss", List.of("jwt-revocation")))),
				forged("aud array without us", withClaims((c) -> c.put("aud", List.of("a", "b")))),
				forged("crit header", withHeader((h) -> h.put("crit", List.of("exp")))),
				forged("zip header", withHeader((h) -> h.put("zip", "DEF"))),
				forged("header not an object", forgedWithRawHeader("[\"HS256\"]")),
				forged("duplicate sub claim", forgedWithRawPayload(duplicateSub())),
				forged("roles not a list", withClaims((c) -> c.put("roles", Map.of("admin", true)))),
				forged("tampered payload", parts[0] + "." + tamperedPayload(parts[1]) + "." + parts[2]),
				forged("signed by another key",
						TokenForge.hmac(this.forge.header(), this.forge.claims(USER), new byte[32])),
				forged("signature stripped", parts[0] + "." + parts[1] + "."),
				forged("signature only two parts", parts[0] + "." + parts[1]),
				forged("12 KiB token: within the header limit, over the 8 KiB cap",
						parts[0] + "." + "A".repeat(12 * 1024) + "." + parts[2]),
				forged("garbage", "not-a-jwt"), forged("garbage dots", "...."),
				forged("garbage base64", "eyJ%%%.eyJ.sig"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("forgedTokens")
	void meWhenTokenIsForgedThen401InvalidToken(String token) {
		Response me = this.api.get("/api/me", token);
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.contentType()).isEqualTo("application/problem+json");
		assertThat(me.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\", error_description=\"");
		assertThat(me.json().get("status").asInt()).isEqualTo(401);
		assertThat(me.body()).doesNotContain(token);
	}

	@Test
	void meWhenTheAuthorizationHeaderIsOver16KbThenRefusedBeforeAnyParsing() {
		String huge = "A".repeat(64 * 1024);
		Response me = this.api.get("/api/me", huge);
		assertThat(me.status()).isIn(400, 431);
		assertThat(me.contentType()).startsWith("application/problem+json");
		assertThat(me.json().get("status").asInt()).isEqualTo(me.status());
		assertThat(me.body()).doesNotContain(huge);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("forgedTokens")
	void logoutWhenTokenIsForgedThen401(String token) {
		assertThat(this.api.post("/auth/logout", token).status()).isEqualTo(401);
	}

	private String withHeader(Consumer<Map<String, Object>> change) {
		Map<String, Object> header = this.forge.header();
		change.accept(header);
		return this.forge.sign(header, this.forge.claims(USER));
	}

	private String withClaims(Consumer<Map<String, Object>> change) {
		Map<String, Object> claims = this.forge.claims(USER);
		change.accept(claims);
		return this.forge.sign(this.forge.header(), claims);
	}

	private String forgedWithRawHeader(String header) {
		Map<String, Object> claims = this.forge.claims(USER);
		return TokenForge.hmacRaw(header, TokenForge.json(claims), this.secret);
	}

	private String forgedWithRawPayload(String payload) {
		return TokenForge.hmacRaw(TokenForge.json(this.forge.header()), payload, this.secret);
	}

	private String duplicateSub() {
		String claims = TokenForge.json(this.forge.claims(USER));
		return claims.substring(0, claims.length() - 1) + ",\"sub\":\"someone-else\"}";
	}

	private static String tamperedPayload(String payload) {
		String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
		String admin = json.replace("\"USER\"", "\"ADMIN\"");
		return Base64.getUrlEncoder().withoutPadding().encodeToString(admin.getBytes(StandardCharsets.UTF_8));
	}

	private static Arguments forged(String name, String token) {
		return Arguments.of(Named.of(name, token));
	}

}
