package dev.jwtrevocation.security;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemType;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Every password-hashing slot and queue place is taken: 503 with {@code Retry-After}
 * rather than a servlet thread parked for as long as the flood lasts.
 */
public class HashingBusyException extends ErrorResponseException {

	public HashingBusyException() {
		super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetailWriter.problem(ProblemType.HASHING_BUSY,
				"Too many logins and registrations at once; retry shortly"), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
	}

}
