package dev.jwtrevocation.auth;

import java.time.Duration;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemType;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Too many failed logins (or registrations) from this client: 429 with
 * {@code Retry-After} in whole seconds, rounded up so that a client honouring it never
 * comes back early.
 */
class TooManyLoginAttemptsException extends ErrorResponseException {

	TooManyLoginAttemptsException(Duration retryAfter) {
		this(retryAfter, "Too many failed logins; try again later");
	}

	TooManyLoginAttemptsException(Duration retryAfter, String detail) {
		super(HttpStatus.TOO_MANY_REQUESTS, ProblemDetailWriter.problem(ProblemType.LOGIN_THROTTLED, detail), null);
		long seconds = Math.max(1, Math.floorDiv(retryAfter.toMillis() + 999, 1000));
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
	}

}
