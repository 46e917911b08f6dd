package dev.jwtrevocation.token;

import org.springframework.security.core.AuthenticationException;

/**
 * A bearer token that must not be accepted. Its message becomes the
 * {@code error_description} of the RFC 6750 challenge, so it names the reason in general
 * terms and never echoes the token.
 */
public class InvalidAccessTokenException extends AuthenticationException {

	private final Reason reason;

	public InvalidAccessTokenException(Reason reason, String description) {
		super(description);
		this.reason = reason;
	}

	/** A token refused without saying more: forged, malformed or not ours. */
	static InvalidAccessTokenException invalid() {
		return new InvalidAccessTokenException(Reason.INVALID, "The access token is invalid");
	}

	/** A token past its expiry and the clock-skew leeway. */
	static InvalidAccessTokenException expired() {
		return new InvalidAccessTokenException(Reason.EXPIRED, "The access token has expired");
	}

	/** What a client should do about it depends on why the token was refused. */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * No stack trace: this is how a refused request leaves the filter, as often as an
	 * attacker sends bad tokens, and the trace would name only the filter.
	 */
	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

	/** Why a token was refused. */
	public enum Reason {

		/** Forged, malformed, not ours or not valid yet: sign in again. */
		INVALID,

		/** Past its expiry: refresh. */
		EXPIRED,

		/** Revoked: sign in again, a refresh cannot help. */
		REVOKED

	}

}
