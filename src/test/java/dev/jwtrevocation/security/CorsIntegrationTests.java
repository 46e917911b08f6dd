package dev.jwtrevocation.security;

import java.net.http.HttpRequest.BodyPublishers;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frontend on another origin: its preflights pass without a token, its bearer requests
 * get CORS headers, and origins not on the list get none.
 */
@IntegrationTest
@TestPropertySource(properties = "cors.allowed-origins=http://localhost:5173,https://app.example.com")
class CorsIntegrationTests {

	private static final String ALLOWED = "https://app.example.com";

	Api api;

	@Test
	void preflightWhenOriginAllowedThen2xxWithoutTokenAndAuthorizationHeaderAllowed() {
		Response response = preflight("/api/me", ALLOWED, "GET");
		assertThat(response.status()).isBetween(200, 299);
		assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
		assertThat(response.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
		assertThat(response.header("Access-Control-Allow-Methods")).contains("GET");
		assertThat(response.header("Access-Control-Allow-Credentials")).isNull();
	}

	@Test
	void preflightWhenLogoutFromAllowedOriginThen2xx() {
		Response response = preflight("/auth/logout", "http://localhost:5173", "POST");
		assertThat(response.status()).isBetween(200, 299);
		assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
	}

	@Test
	void preflightWhenOriginNotAllowedThenNoCorsHeaders() {
		Response response = preflight("/api/me", "https://evil.example", "GET");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.headers().map().keySet())
			.noneMatch((name) -> name.toLowerCase().startsWith("access-control-"));
		assertThat(response.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void meWhenCalledFromAllowedOriginThen200WithCorsHeadersAndExposedChallenge() {
		String token = this.api.newUserToken(Api.uniqueUsername());
		Response response = this.api.send(this.api.request("/api/me", token).header("Origin", ALLOWED));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
		assertThat(response.header("Access-Control-Expose-Headers")).contains("WWW-Authenticate");
	}

	@Test
	void loginWhenCalledFromAllowedOriginThen200WithCorsHeaders() {
		String username = Api.uniqueUsername();
		this.api.register(username, "correct horse battery");
		Response response = this.api.send(this.api.request("/auth/login", null)
			.header("Origin", ALLOWED)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers
				.ofString("{\"username\":\"" + username + "\",\"password\":\"correct horse battery\"}")));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
	}

	private Response preflight(String path, String origin, String method) {
		return this.api.send(this.api.request(path, null)
			.header("Origin", origin)
			.header("Access-Control-Request-Method", method)
			.header("Access-Control-Request-Headers", "authorization,content-type")
			.method("OPTIONS", BodyPublishers.noBody()));
	}

}
