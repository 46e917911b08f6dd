package dev.jwtrevocation.user;

import java.time.Instant;
import java.util.Map;

import dev.jwtrevocation.security.SecuritySlice;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.support.TokenForge;
import dev.jwtrevocation.problem.ProblemType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protected resource's HTTP contract through the real security chain, without Redis:
 * what each answer of the revocation check becomes on the wire.
 */
@WebMvcTest(MeController.class)
@SecuritySlice
class MeControllerWebMvcTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	SecuritySlice.Denylist denylist;

	final TokenForge forge = new TokenForge(IntegrationTest.TEST_SECRET, "jwt-revocation", "jwt-revocation-api");

	@Test
	void meWhenNoTokenThen401AuthenticationRequiredWithBearerChallenge() {
		MvcTestResult result = this.mvc.get().uri("/api/me").exchange();
		assertProblem(result, 401, ProblemType.AUTHENTICATION_REQUIRED);
		assertThat(result.getResponse().getHeader("WWW-Authenticate")).isEqualTo("Bearer");
	}

	@Test
	void meWhenTokenValidAndNotRevokedThen200WithItsClaims() {
		Map<String, Object> claims = this.forge.claims("alice");
		MvcTestResult result = this.mvc.get().uri("/api/me").header("Authorization", bearer(claims)).exchange();
		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.username").isEqualTo("alice");
		assertThat(result).bodyJson().extractingPath("$.jti").isEqualTo(claims.get("jti"));
	}

	@Test
	void meWhenRevokedThen401TokenRevoked() {
		this.denylist.answer((token) -> true);
		MvcTestResult result = this.mvc.get().uri("/api/me").header("Authorization", bearer(claims())).exchange();
		assertProblem(result, 401, ProblemType.TOKEN_REVOKED);
		assertThat(result.getResponse().getHeader("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
	}

	@Test
	void meWhenTheDenylistCannotAnswerThen503WithRetryAfterNever200() {
		this.denylist.answer((token) -> {
			throw new QueryTimeoutException("Redis did not answer");
		});
		MvcTestResult result = this.mvc.get().uri("/api/me").header("Authorization", bearer(claims())).exchange();
		assertProblem(result, 503, ProblemType.REVOCATION_UNAVAILABLE);
		assertThat(result.getResponse().getHeader("Retry-After")).isNotBlank();
	}

	@Test
	void meWhenExpiredThen401TokenExpiredAndTheDenylistIsNotAsked() {
		this.denylist.answer((token) -> {
			throw new AssertionError("an expired token must be refused before the denylist");
		});
		Map<String, Object> claims = claims();
		long past = Instant.now().minusSeconds(3600).getEpochSecond();
		claims.put("iat", past - 900);
		claims.put("exp", past);
		claims.put("iat_ms", (past - 900) * 1000);
		assertProblem(this.mvc.get().uri("/api/me").header("Authorization", bearer(claims)).exchange(), 401,
				ProblemType.TOKEN_EXPIRED);
	}

	private Map<String, Object> claims() {
		return this.forge.claims("alice");
	}

	private String bearer(Map<String, Object> claims) {
		return "Bearer " + this.forge.sign(this.forge.header(), claims);
	}

	static void assertProblem(MvcTestResult result, int status, ProblemType type) {
		assertThat(result).hasStatus(status);
		assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(type.uri().toString());
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status);
	}

}
