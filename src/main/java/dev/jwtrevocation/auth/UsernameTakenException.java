package dev.jwtrevocation.auth;

import dev.jwtrevocation.system.ProblemDetailWriter;
import dev.jwtrevocation.system.ProblemType;

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
