package dev.jwtrevocation.auth;

import dev.jwtrevocation.security.SecuritySlice;
import dev.jwtrevocation.session.SessionService;
import dev.jwtrevocation.problem.ProblemType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The credential endpoints' HTTP contract through the real security chain: what is
 * refused before any service (and so any Redis call or password hash) runs.
 */
@WebMvcTest(AuthController.class)
@SecuritySlice
class AuthControllerWebMvcTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	CredentialService credentials;

	@MockitoBean
	SessionService sessions;

	@Test
	void registerWhenFieldsInvalidThen400ValidationFailedListingThemAndNothingRuns() throws Exception {
		MvcTestResult result = this.mvc.post()
			.uri("/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\":\"a b\",\"password\":\"short\"}")
			.exchange();
		assertThat(result).hasStatus(400).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson()
			.extractingPath("$.type")
			.isEqualTo(ProblemType.VALIDATION_FAILED.uri().toString());
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().contains("username", "password");
		assertThat(result.getResponse().getContentAsString()).doesNotContain("short");
		verifyNoInteractions(this.credentials, this.sessions);
	}

	@Test
	void loginWhenBodyIsNotJsonThen400WithoutAType() {
		MvcTestResult result = this.mvc.post()
			.uri("/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{not json")
			.exchange();
		assertThat(result).hasStatus(400).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().doesNotHavePath("$.type");
		verifyNoInteractions(this.credentials, this.sessions);
	}

	@Test
	void logoutWhenNoTokenThen401AuthenticationRequired() {
		MvcTestResult result = this.mvc.post().uri("/auth/logout").exchange();
		assertThat(result).hasStatus(401);
		assertThat(result).bodyJson()
			.extractingPath("$.type")
			.isEqualTo(ProblemType.AUTHENTICATION_REQUIRED.uri().toString());
		verifyNoInteractions(this.sessions);
	}

}
