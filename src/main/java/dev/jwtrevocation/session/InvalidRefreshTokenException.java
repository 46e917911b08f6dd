package dev.jwtrevocation.session;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refresh token that must not be honoured: unknown, expired, ended, or replayed.
 */
class InvalidRefreshTokenException extends ErrorResponseException {

	InvalidRefreshTokenException(String detail) {
		super(HttpStatus.UNAUTHORIZED, problem(detail), null);
		getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer error=\"invalid_token\", error_description=\"" + detail + "\"");
	}

	private static ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
		problem.setTitle(HttpStatus.UNAUTHORIZED.getReasonPhrase());
		return problem;
	}

}
