package dev.jwtrevocation.token;

import org.springframework.security.core.AuthenticationException;

/**
 * The request carried more than one {@code Authorization} header, so which credential it
 * meant is ambiguous: RFC 6750 §3.1 calls this {@code invalid_request}.
 */
public class MalformedAuthorizationException extends AuthenticationException {

	public MalformedAuthorizationException(String description) {
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
