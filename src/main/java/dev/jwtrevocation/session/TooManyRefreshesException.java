package dev.jwtrevocation.session;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemType;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * One session refreshed too often: 429 with {@code Retry-After} in whole seconds. A
 * client that behaves refreshes once per access-token lifetime.
 */
class TooManyRefreshesException extends ErrorResponseException {

	TooManyRefreshesException(long retryAfterMillis) {
		super(HttpStatus.TOO_MANY_REQUESTS, ProblemDetailWriter.problem(ProblemType.REFRESH_THROTTLED,
				"This session refreshes too often; retry later"), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER,
				String.valueOf(Math.max(1, Math.floorDiv(retryAfterMillis + 999, 1000))));
	}

}
