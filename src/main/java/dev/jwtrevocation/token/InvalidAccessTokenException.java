package dev.jwtrevocation.token;

import org.springframework.security.core.AuthenticationException;

/**
 * A bearer token that must not be accepted. Its message becomes the
 * {@code error_description} of the RFC 6750 challenge, so it names the reason in general
 * terms and never echoes the token.
 */
public class InvalidAccessTokenException extends AuthenticationException {

	public InvalidAccessTokenException(String description) {
		super(description);
	}

	/**
	 * No stack trace: this is how a refused request leaves the filter, as often as an
	 * attacker sends bad tokens, and the trace would name only the filter.
	 */
	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
