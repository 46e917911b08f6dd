package dev.jwtrevocation.oauth;

import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import dev.jwtrevocation.system.ProblemDetailWriter;
import dev.jwtrevocation.system.ProblemType;

/**
 * A refused OAuth request: problem+json that also carries the OAuth {@code error} member
 * (RFC 6749 §5.2).
 */
class OAuthErrorException extends ErrorResponseException {

	OAuthErrorException(ProblemType type, String error, String detail) {
		super(type.status(), problem(type, error, detail), null);
	}

	private static ProblemDetail problem(ProblemType type, String error, String detail) {
		ProblemDetail problem = ProblemDetailWriter.problem(type, detail);
		problem.setProperty("error", error);
		return problem;
	}

}
