package dev.jwtrevocation.oauth;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemType;

/**
 * A refused OAuth request: problem+json that also carries the OAuth {@code error} member
 * (RFC 6749 §5.2).
 */
class OAuthErrorException extends ErrorResponseException {

	OAuthErrorException(ProblemType type, String error, String detail) {
		super(type.status(), problem(type, error, detail), null);
	}

	/**
	 * The {@code token} parameter both endpoints require (RFC 7009 §2.1, RFC 7662 §2.1).
	 */
	static String requiredToken(HttpServletRequest request) {
		String token = request.getParameter("token");
		if (token == null || token.isEmpty()) {
			throw new OAuthErrorException(ProblemType.INVALID_REQUEST, "invalid_request",
					"The token parameter is missing");
		}
		return token;
	}

	private static ProblemDetail problem(ProblemType type, String error, String detail) {
		ProblemDetail problem = ProblemDetailWriter.problem(type, detail);
		problem.setProperty("error", error);
		return problem;
	}

}
