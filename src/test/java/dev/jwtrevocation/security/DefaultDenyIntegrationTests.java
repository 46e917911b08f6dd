package dev.jwtrevocation.security;

import java.util.List;
import java.util.Map;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.support.TokenForge;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What no rule names is denied, unless nothing handles it (then 404); health details are
 * for administrators only.
 */
@IntegrationTest
@Import(DefaultDenyIntegrationTests.ForgottenEndpoint.class)
class DefaultDenyIntegrationTests {

	Api api;

	final TokenForge forge = new TokenForge(IntegrationTest.TEST_SECRET, "jwt-revocation", "jwt-revocation-api");

	@Test
	void requestWhenAnEndpointHasNoRuleThenDeniedEvenWithAToken() {
		assertThat(this.api.get("/internal/report", null).status()).isEqualTo(401);
		String token = this.api.newUserToken(Api.uniqueUsername());
		Response withToken = this.api.get("/internal/report", token);
		assertThat(withToken.status()).isEqualTo(403);
		assertThat(withToken.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void requestWhenNothingHandlesThePathThen404ProblemJson() {
		Response unknown = this.api.get("/no/such/path", null);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void healthWhenAnonymousThenStatusesOnlyAndWhenAdminThenDetails() {
		Response anonymous = this.api.get("/actuator/health", null);
		assertThat(anonymous.status()).isEqualTo(200);
		assertThat(anonymous.json().get("components").get("revocationMirror").has("details")).isFalse();
		assertThat(anonymous.json().get("components").get("redis").has("details")).isFalse();

		Map<String, Object> claims = this.forge.claims("operator");
		claims.put("roles", List.of("ADMIN"));
		Response admin = this.api.get("/actuator/health", this.forge.sign(this.forge.header(), claims));
		assertThat(admin.status()).isEqualTo(200);
		assertThat(admin.json().get("components").get("revocationMirror").get("details").has("state")).isTrue();
	}

	@Test
	void prometheusWhenNoSeparateManagementPortThenAdminOnly() {
		assertThat(this.api.get("/actuator/prometheus", null).status()).isEqualTo(401);
		assertThat(this.api.get("/actuator/prometheus", this.api.newUserToken(Api.uniqueUsername())).status())
			.isEqualTo(403);
		Map<String, Object> claims = this.forge.claims("operator");
		claims.put("roles", List.of("ADMIN"));
		Response admin = this.api.get("/actuator/prometheus", this.forge.sign(this.forge.header(), claims));
		assertThat(admin.status()).isEqualTo(200);
		assertThat(admin.body()).contains("jwt_revocation_checks_total");
	}

	@TestConfiguration(proxyBeanMethods = false)
	@RestController
	static class ForgottenEndpoint {

		@GetMapping("/internal/report")
		String report() {
			return "nobody wrote a rule for me";
		}

	}

}
