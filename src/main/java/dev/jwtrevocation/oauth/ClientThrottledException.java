package dev.jwtrevocation.oauth;

import java.time.Duration;

import dev.jwtrevocation.problem.ProblemType;

import org.springframework.http.HttpHeaders;

/**
 * Too many failed client authentications from this address or naming this client: 429
 * with {@code Retry-After}, {@code error: slow_down} (the OAuth error registry's name for
 * "ask less often").
 */
class ClientThrottledException extends OAuthErrorException {

	ClientThrottledException(Duration retryAfter) {
		super(ProblemType.CLIENT_THROTTLED, "slow_down", "Too many failed client authentications; retry later");
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
	}

}
