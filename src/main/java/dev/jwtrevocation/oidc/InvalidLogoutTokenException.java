package dev.jwtrevocation.oidc;

import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemType;

/**
 * A logout token that is refused: 400 with the body OpenID Connect Back-Channel Logout
 * 1.0 §2.8 asks for ({@code error}, {@code error_description}), as members of this
 * service's problem+json. The description is one of this class's fixed texts: nothing of
 * the token is echoed.
 */
class InvalidLogoutTokenException extends ErrorResponseException {

	InvalidLogoutTokenException(String description) {
		super(ProblemType.INVALID_REQUEST.status(), problem(description), null);
	}

	private static ProblemDetail problem(String description) {
		ProblemDetail problem = ProblemDetailWriter.problem(ProblemType.INVALID_REQUEST, description);
		problem.setProperty("error", "invalid_request");
		problem.setProperty("error_description", description);
		return problem;
	}

}
