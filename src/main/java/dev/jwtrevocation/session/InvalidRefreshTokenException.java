package dev.jwtrevocation.session;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemType;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A refresh token that must not be honoured: unknown, expired, ended, or replayed.
 */
class InvalidRefreshTokenException extends ErrorResponseException {

	InvalidRefreshTokenException(String detail) {
		super(HttpStatus.UNAUTHORIZED, ProblemDetailWriter.problem(ProblemType.SESSION_ENDED, detail), null);
		getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer error=\"invalid_token\", error_description=\"" + detail + "\"");
	}

}
