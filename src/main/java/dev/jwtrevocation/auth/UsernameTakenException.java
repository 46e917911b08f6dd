package dev.jwtrevocation.auth;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Registration asked for a name that exists, in this or another letter case.
 */
class UsernameTakenException extends ErrorResponseException {

	UsernameTakenException() {
		super(HttpStatus.CONFLICT, problem(), null);
	}

	private static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "That username is taken");
		problem.setTitle(HttpStatus.CONFLICT.getReasonPhrase());
		return problem;
	}

}
