package dev.jwtrevocation.problem;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.Map;
import java.util.stream.IntStream;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever goes wrong, a client gets a problem+json body with the right status: no
 * whitelabel page, no stack trace, no framework text that tells more than it should.
 */
@IntegrationTest
class ErrorResponsesIntegrationTests {

	Api api;

	@Test
	void loginWhenJsonIsMalformedThen400() {
		assertProblem(this.api.postRaw("/auth/login", "application/json", BodyPublishers.ofString("{\"username\":")),
				400);
	}

	@Test
	void loginWhenFieldsAreMissingThen400() {
		assertProblem(this.api.postJson("/auth/login", Map.of("username", "someone")), 400);
	}

	@Test
	void loginWhenContentTypeIsNotJsonThen415() {
		assertProblem(this.api.postRaw("/auth/login", "text/plain", BodyPublishers.ofString("username=a")), 415);
	}

	@Test
	void loginWhenBodyIsOneMebibyteThen413() {
		String huge = "{\"username\":\"" + "a".repeat(1024 * 1024) + "\",\"password\":\"x\"}";
		assertProblem(this.api.postRaw("/auth/login", "application/json", BodyPublishers.ofString(huge)), 413);
	}

	@Test
	void loginWhenChunkedBodyGrowsPastTheLimitThen413() {
		// ofInputStream has no known length, so the client sends it chunked
		byte[] huge = ("{\"username\":\"" + "a".repeat(1024 * 1024) + "\",\"password\":\"x\"}").getBytes();
		Response response = this.api.postRaw("/auth/login", "application/json",
				BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)));
		assertProblem(response, 413);
	}

	@Test
	void getWhenPathIsUnknownThen404() {
		assertProblem(this.api.get("/no/such/path", null), 404);
	}

	@Test
	void getWhenMethodIsWrongThen405() {
		Response response = this.api.get("/auth/login", null);
		assertProblem(response, 405);
		assertThat(response.header("Allow")).isEqualTo("POST");
	}

	@Test
	void meWhenTwoAuthorizationHeadersThen400InvalidRequest() {
		Response response = this.api.send(this.api.request("/api/me", null)
			.header("Authorization", "Bearer a.b.c")
			.header("Authorization", "Bearer d.e.f"));
		assertProblem(response, 400);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_request\"");
	}

	@Test
	void meWhenSchemeIsNotBearerThen401Challenge() {
		Response response = this.api
			.send(this.api.request("/api/me", null).header("Authorization", "Basic ZGVtbzpkZW1vLXBhc3N3b3Jk"));
		assertProblem(response, 401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
	}

	@Test
	void meWhenBearerHasNoTokenThen401InvalidToken() {
		Response response = this.api.send(this.api.request("/api/me", null).header("Authorization", "Bearer "));
		assertProblem(response, 401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
	}

	@Test
	void loginWhenManyRequestsFailThenEveryBodyIsTheSameProblemShape() {
		IntStream.range(0, 3).forEach((i) -> {
			Response response = this.api.login("nobody-" + i, "wrong password");
			assertThat(response.json().propertyNames()).containsExactlyInAnyOrder("type", "title", "status", "detail",
					"instance");
			assertThat(response.json().get("type").asString())
				.isEqualTo("tag:jwt-revocation.dev,2026:problem:invalid-credentials");
		});
	}

	@Test
	void preflightWhenNoOriginIsConfiguredThenNoCorsHeaders() {
		Response response = this.api.send(this.api.request("/api/me", null)
			.header("Origin", "http://localhost:5173")
			.header("Access-Control-Request-Method", "GET")
			.method("OPTIONS", BodyPublishers.noBody()));
		assertThat(response.headers().map().keySet())
			.noneMatch((name) -> name.toLowerCase().startsWith("access-control-"));
	}

	@Test
	void healthWhenRedisIsUpThen200WithRedisComponent() {
		Response health = this.api.get("/actuator/health", null);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().get("components").get("redis").get("status").asString()).isEqualTo("UP");
	}

	@Test
	void actuatorWhenEndpointIsNotHealthThenNotExposed() {
		assertThat(this.api.get("/actuator/env", null).status()).isEqualTo(401);
	}

	private static void assertProblem(Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(status);
		assertThat(response.json().get("title").asString()).isNotBlank();
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

}
