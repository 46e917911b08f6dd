package dev.jwtrevocation.auth;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemType;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Registration asked for a name that exists, in this or another letter case.
 */
class UsernameTakenException extends ErrorResponseException {

	UsernameTakenException() {
		super(HttpStatus.CONFLICT, ProblemDetailWriter.problem(ProblemType.USERNAME_TAKEN, "That username is taken"),
				null);
	}

}
