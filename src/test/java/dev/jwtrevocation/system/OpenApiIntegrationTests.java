package dev.jwtrevocation.system;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document lists every endpoint the application maps, each with the statuses
 * it answers, and describes failures with the problem+json schema and their types.
 */
@IntegrationTest
class OpenApiIntegrationTests {

	/** What each endpoint answers: success first, then every failure. */
	private static final Map<String, Set<String>> STATUSES = Map.ofEntries(
			Map.entry("post /auth/register", Set.of("201", "400", "409", "413", "415", "429", "503")),
			Map.entry("post /auth/login", Set.of("200", "400", "401", "413", "415", "429", "503")),
			Map.entry("post /auth/refresh", Set.of("200", "400", "401", "413", "415", "429", "503")),
			Map.entry("post /auth/logout", Set.of("204", "400", "401", "429", "503")),
			Map.entry("post /auth/logout-all", Set.of("204", "400", "401", "429", "503")),
			Map.entry("get /auth/sessions", Set.of("200", "400", "401", "429", "503")),
			Map.entry("delete /auth/sessions/{id}", Set.of("204", "400", "401", "404", "429", "503")),
			Map.entry("get /api/me", Set.of("200", "400", "401", "429", "503")),
			Map.entry("get /.well-known/jwks.json", Set.of("200")),
			Map.entry("get /.well-known/oauth-authorization-server", Set.of("200")),
			Map.entry("post /oauth2/revoke", Set.of("200", "400", "401", "413", "415", "429", "503")),
			Map.entry("post /oauth2/introspect", Set.of("200", "400", "401", "413", "415", "429", "503")),
			Map.entry("post /oidc/backchannel-logout", Set.of("200", "400", "413", "415", "503")),
			Map.entry("post /ssf/push", Set.of("202", "400", "401", "413", "415", "503")),
			Map.entry("post /oauth2/token", Set.of("200", "400", "401", "413", "415", "429", "503")),
			Map.entry("post /admin/revocations", Set.of("200", "201", "400", "401", "403", "429", "503")),
			Map.entry("get /admin/revocations", Set.of("200", "400", "401", "403", "429", "503")),
			Map.entry("get /admin/revocations/{id}", Set.of("200", "400", "401", "403", "404", "429", "503")),
			Map.entry("delete /admin/revocations/{id}", Set.of("200", "400", "401", "403", "404", "409", "429", "503")),
			Map.entry("get /.well-known/ssf-configuration", Set.of("200")),
			Map.entry("post /ssf/streams", Set.of("201", "400", "401", "403", "409", "429", "503")),
			Map.entry("get /ssf/streams", Set.of("200", "400", "401", "403", "404", "429", "503")),
			Map.entry("patch /ssf/streams", Set.of("200", "400", "401", "403", "404", "429", "503")),
			Map.entry("put /ssf/streams", Set.of("200", "400", "401", "403", "404", "429", "503")),
			Map.entry("delete /ssf/streams", Set.of("204", "400", "401", "403", "404", "429", "503")),
			Map.entry("get /ssf/status", Set.of("200", "400", "401", "403", "404", "429", "503")),
			Map.entry("post /ssf/status", Set.of("200", "400", "401", "403", "404", "429", "503")),
			Map.entry("post /ssf/verify", Set.of("204", "400", "401", "403", "404", "429", "503")),
			Map.entry("post /ssf/poll/{streamId}", Set.of("200", "400", "401", "403", "404", "429", "503")));

	Api api;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping controllers;

	@Test
	void apiDocsWhenFetchedThenEveryMappedEndpointIsListedWithItsStatuses() {
		Response response = this.api.get("/v3/api-docs", null);
		assertThat(response.status()).isEqualTo(200);
		JsonNode document = response.json();
		assertThat(document.get("openapi").asString()).startsWith("3.1");

		Set<String> mapped = new TreeSet<>();
		for (RequestMappingInfo info : this.controllers.getHandlerMethods().keySet()) {
			for (String path : info.getPatternValues()) {
				if (path.startsWith("/v3/api-docs") || path.startsWith("/swagger-ui") || path.equals("/error")) {
					continue;
				}
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					mapped.add(method.name().toLowerCase(Locale.ROOT) + " " + path);
				}
			}
		}
		assertThat(mapped).isEqualTo(STATUSES.keySet().stream().collect(TreeSet::new, Set::add, Set::addAll));

		Map<String, Set<String>> documented = new HashMap<>();
		for (String endpoint : mapped) {
			String[] parts = endpoint.split(" ");
			JsonNode operation = document.get("paths").get(parts[1]).get(parts[0]);
			assertThat(operation).as(endpoint).isNotNull();
			documented.put(endpoint, new TreeSet<>(operation.get("responses").propertyNames()));
			operation.get("responses").properties().forEach((entry) -> {
				if (!entry.getKey().startsWith("2")) {
					assertThat(entry.getValue().get("content").has("application/problem+json")).as(endpoint).isTrue();
				}
			});
		}
		assertThat(documented).isEqualTo(STATUSES);
	}

	@Test
	void apiDocsWhenFetchedThenBearerSchemeProblemSchemaAndTypedExamples() {
		JsonNode document = this.api.get("/v3/api-docs", null).json();
		JsonNode bearer = document.get("components").get("securitySchemes").get("bearer");
		assertThat(bearer.get("type").asString()).isEqualTo("http");
		assertThat(bearer.get("scheme").asString()).isEqualTo("bearer");
		assertThat(document.get("components").get("schemas").get("Problem").get("properties").has("type")).isTrue();
		JsonNode me = document.get("paths").get("/api/me").get("get");
		assertThat(me.get("security").get(0).has("bearer")).isTrue();
		JsonNode unauthorized = me.get("responses").get("401").get("content").get("application/problem+json");
		assertThat(unauthorized.get("examples").propertyNames()).contains("token-expired", "token-revoked",
				"token-invalid", "authentication-required");
		assertThat(unauthorized.get("examples").get("token-revoked").get("value").get("type").asString())
			.isEqualTo(ProblemType.TOKEN_REVOKED.uri().toString());
		assertThat(document.get("paths").get("/auth/login").get("post").has("security")).isFalse();
		// the error page is Spring's plumbing, not an endpoint
		assertThat(document.get("paths").has("/error")).isFalse();
	}

	@Test
	void swaggerUiWhenNotInTheDevProfileThenAbsent() {
		assertThat(this.api.get("/swagger-ui.html", null).status()).isEqualTo(404);
	}

}
