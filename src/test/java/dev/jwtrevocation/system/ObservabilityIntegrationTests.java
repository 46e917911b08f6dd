package dev.jwtrevocation.system;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.support.TokenForge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees: Prometheus on the management port only, the meters moving with
 * real requests, the probes on the application port, one audit line per revocation.
 */
@IntegrationTest
@TestPropertySource(properties = "management.server.port=0")
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIntegrationTests {

	Api api;

	@LocalManagementPort
	int managementPort;

	@Test
	void prometheusWhenOnTheManagementPortThenOpenAndWhenOnTheApplicationPortThen401() {
		Response scrape = management().get("/actuator/prometheus", null);
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.header("Content-Type")).startsWith("text/plain");
		assertThat(scrape.body()).contains("jwt_revocation_mirror_trusted")
			.contains("jwt_revocation_checks_total")
			.contains("jwt_revocation_acknowledgement_seconds_bucket");
		Response onApplicationPort = this.api.get("/actuator/prometheus", null);
		assertThat(onApplicationPort.status()).isIn(401, 404);
		String user = this.api.newUserToken(Api.uniqueUsername());
		assertThat(this.api.get("/actuator/prometheus", user).status()).isIn(403, 404);
	}

	@Test
	void requestTimerWhenARequestWasServedThenTimedWithoutALongTaskTimer() {
		String user = this.api.newUserToken(Api.uniqueUsername());
		assertThat(this.api.get("/api/me", user).status()).isEqualTo(200);
		String scrape = management().get("/actuator/prometheus", null).body();
		assertThat(scrape).contains("http_server_requests_seconds_count")
			.contains("jwt_revocation_mirror_replays_total")
			.doesNotContain("http_server_requests_active");
	}

	@Test
	void checksWhenTokensAreAcceptedRevokedAndInvalidThenEachOutcomeCounts() {
		String token = this.api.newUserToken(Api.uniqueUsername());
		await().atMost(Duration.ofSeconds(5)).until(() -> scraped("jwt_revocation_mirror_trusted") == 1);
		double accepted = scraped("jwt_revocation_checks_total{outcome=\"accepted\",path=\"copy\"}");
		double revoked = scraped("jwt_revocation_checks_total{outcome=\"revoked\",path=\"copy\"}");
		double invalid = scraped("jwt_revocation_checks_total{outcome=\"invalid\",path=\"none\"}");
		double tokens = scraped("jwt_revocation_revocations_total{kind=\"token\"}");
		double acknowledged = scraped("jwt_revocation_acknowledgement_seconds_count");

		for (int i = 0; i < 3; i++) {
			assertThat(this.api.get("/api/me", token).status()).isEqualTo(200);
		}
		assertThat(this.api.post("/auth/logout", token).status()).isEqualTo(204);
		assertThat(this.api.get("/api/me", token).status()).isEqualTo(401);
		String forged = TokenForge.hmac(new TokenForge(IntegrationTest.TEST_SECRET, "a", "b").header(),
				new TokenForge(IntegrationTest.TEST_SECRET, "a", "b").claims("x"), new byte[32]);
		assertThat(this.api.get("/api/me", forged).status()).isEqualTo(401);

		// other tests share the context: at least what this one did
		assertThat(scraped("jwt_revocation_checks_total{outcome=\"accepted\",path=\"copy\"}") - accepted)
			.isGreaterThanOrEqualTo(4);
		assertThat(scraped("jwt_revocation_checks_total{outcome=\"revoked\",path=\"copy\"}") - revoked)
			.isGreaterThanOrEqualTo(1);
		assertThat(scraped("jwt_revocation_checks_total{outcome=\"invalid\",path=\"none\"}") - invalid)
			.isGreaterThanOrEqualTo(1);
		assertThat(scraped("jwt_revocation_revocations_total{kind=\"token\"}") - tokens).isGreaterThanOrEqualTo(1);
		assertThat(scraped("jwt_revocation_acknowledgement_seconds_count") - acknowledged).isGreaterThanOrEqualTo(1);
		assertThat(scraped("jwt_revocation_mirror_resyncs_total")).isGreaterThanOrEqualTo(1);
		assertThat(scraped("jwt_revocation_mirror_push_lag_seconds_count")).isGreaterThanOrEqualTo(1);
	}

	@Test
	void throttleAndReuseWhenTheyRefuseThenTheirCountersMove() {
		double logins = scraped("jwt_revocation_throttled_total{action=\"login\"}");
		double reuse = scraped("jwt_revocation_refresh_reuse_total");
		String username = Api.uniqueUsername();
		JsonNode login = this.api.newUserLogin(username, "correct horse battery");
		String first = login.get("refresh_token").asString();
		assertThat(this.api.refresh(first).status()).isEqualTo(200);
		assertThat(this.api.refresh(first).status()).isEqualTo(401);
		for (int i = 0; i < 6; i++) {
			this.api.login(username, "wrong password");
		}
		assertThat(scraped("jwt_revocation_throttled_total{action=\"login\"}") - logins).isGreaterThanOrEqualTo(1);
		assertThat(scraped("jwt_revocation_refresh_reuse_total") - reuse).isEqualTo(1);
	}

	@Test
	void revocationsWhenWrittenThenOneAuditLineEachWithoutTheToken(CapturedOutput output) {
		String username = Api.uniqueUsername();
		String token = this.api.newUserToken(username);
		String jti = this.api.get("/api/me", token).json().get("jti").asString();
		assertThat(this.api.post("/auth/logout", token).status()).isEqualTo(204);
		String second = this.api.loginToken(username, "correct horse battery");
		String third = this.api.loginToken(username, "correct horse battery");
		String session = this.api.get("/api/me", third).json().get("sid").asString();
		assertThat(this.api.send(this.api.request("/auth/sessions/" + session, second).DELETE()).status())
			.isEqualTo(204);
		assertThat(this.api.post("/auth/logout-all", second).status()).isEqualTo(204);
		String user = Pattern.quote(username.toLowerCase());
		assertThat(output.getOut())
			.containsPattern("Revoked token: user=" + user + " jti=" + Pattern.quote(jti) + " instance=\\S+")
			.containsPattern("Revoked session: user=" + user + " session=" + Pattern.quote(session) + " instance=\\S+")
			.containsPattern("Revoked user: user=" + user + " cutoff=\\d+ instance=\\S+")
			.doesNotContain(token)
			.doesNotContain(second)
			.doesNotContain(third);
	}

	@Test
	void probesWhenOnTheApplicationPortThenLivenessAndReadinessAnswer() {
		assertThat(this.api.get("/livez", null).status()).isEqualTo(200);
		Response readiness = this.api.get("/readyz", null);
		assertThat(readiness.status()).isEqualTo(200);
		Response health = management().get("/actuator/health", null);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().get("components").get("revocationCheck").get("status").asString()).isEqualTo("UP");
		assertThat(health.json().get("components").get("revocationMirror").has("details")).isFalse();
	}

	private Api management() {
		return new Api(this.managementPort);
	}

	/**
	 * The value of one series (a counter, gauge or histogram count) in a fresh scrape.
	 */
	private double scraped(String series) {
		String scrape = management().get("/actuator/prometheus", null).body();
		Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + "(?:\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE)
			.matcher(scrape);
		if (!matcher.find()) {
			Matcher tagged = Pattern
				.compile("^" + Pattern.quote(series.replace("}", "")) + "[^}]*\\} (\\S+)$", Pattern.MULTILINE)
				.matcher(scrape);
			assertThat(tagged.find()).as(series + " in\n" + scrape).isTrue();
			return Double.parseDouble(tagged.group(1));
		}
		return Double.parseDouble(matcher.group(1));
	}

}
