package dev.jwtrevocation.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The failures a client acts on, each with a {@code type} URI of its own (RFC 9457
 * §3.1.1) so that a client branches on the type, never on the English {@code detail}: an
 * expired token is refreshed, a revoked one or an ended session means signing in again, a
 * 503 is retried after {@code Retry-After}.
 * <p>
 * The URIs are tag URIs (RFC 4151): stable identifiers that nobody is meant to
 * dereference, so they do not depend on a host this project may not own. Failures a
 * client has no particular action for (404, 405, 415, 500, ...) keep {@code about:blank}.
 */
public enum ProblemType {

	/** No bearer token where one is needed: sign in. */
	AUTHENTICATION_REQUIRED("authentication-required", HttpStatus.UNAUTHORIZED, "Authentication required"),

	/** The access token is past its expiry: refresh it. */
	TOKEN_EXPIRED("token-expired", HttpStatus.UNAUTHORIZED, "Access token expired"),

	/**
	 * The access token was revoked (logout, an ended session, logout everywhere): sign in
	 * again; refreshing cannot help.
	 */
	TOKEN_REVOKED("token-revoked", HttpStatus.UNAUTHORIZED, "Access token revoked"),

	/**
	 * The access token is forged, malformed, not ours or not valid yet: sign in again.
	 */
	TOKEN_INVALID("token-invalid", HttpStatus.UNAUTHORIZED, "Access token invalid"),

	/** The {@code Authorization} header is ambiguous: a client bug. */
	INVALID_AUTHORIZATION_HEADER("invalid-authorization-header", HttpStatus.BAD_REQUEST,
			"Invalid Authorization header"),

	/**
	 * The refresh token cannot be honoured (unknown, expired, replayed, its session
	 * ended): sign in again.
	 */
	SESSION_ENDED("session-ended", HttpStatus.UNAUTHORIZED, "Session ended"),

	/** Wrong username or password. */
	INVALID_CREDENTIALS("invalid-credentials", HttpStatus.UNAUTHORIZED, "Invalid credentials"),

	/** Too many failed logins or registrations: wait for {@code Retry-After}. */
	LOGIN_THROTTLED("login-throttled", HttpStatus.TOO_MANY_REQUESTS, "Login throttled"),

	/** A session refreshed too often: wait for {@code Retry-After}. */
	REFRESH_THROTTLED("refresh-throttled", HttpStatus.TOO_MANY_REQUESTS, "Refresh throttled"),

	/**
	 * The denylist (Redis) could not be read or written: nothing was let through; retry
	 * after {@code Retry-After}.
	 */
	REVOCATION_UNAVAILABLE("revocation-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Revocation check unavailable"),

	/**
	 * Too many tokens never seen before from this address: their signatures are not
	 * verified before {@code Retry-After}. Tokens already verified still work.
	 */
	VERIFICATION_THROTTLED("verification-throttled", HttpStatus.TOO_MANY_REQUESTS, "Token verification throttled"),

	/**
	 * Too many tokens never seen before from all addresses together: retry after
	 * {@code Retry-After}. Tokens already verified still work.
	 */
	VERIFICATION_BUSY("verification-busy", HttpStatus.SERVICE_UNAVAILABLE, "Too busy to verify new tokens"),

	/** Every password-hashing slot is busy: retry after {@code Retry-After}. */
	HASHING_BUSY("hashing-busy", HttpStatus.SERVICE_UNAVAILABLE, "Too busy to check passwords"),

	/** The body has invalid fields, listed in {@code errors}. */
	VALIDATION_FAILED("validation-failed", HttpStatus.BAD_REQUEST, "Validation failed"),

	/** The username is taken. */
	USERNAME_TAKEN("username-taken", HttpStatus.CONFLICT, "Username taken"),

	/**
	 * The caller of an OAuth endpoint is not a configured client (RFC 6749
	 * {@code invalid_client}).
	 */
	INVALID_CLIENT("invalid-client", HttpStatus.UNAUTHORIZED, "Invalid client"),

	/**
	 * Too many failed client authentications from this address or for this client: wait
	 * for {@code Retry-After}.
	 */
	CLIENT_THROTTLED("client-throttled", HttpStatus.TOO_MANY_REQUESTS, "Client authentication throttled"),

	/**
	 * The client may not do this: revoke a token issued to another client (RFC 6749
	 * {@code unauthorized_client}).
	 */
	UNAUTHORIZED_CLIENT("unauthorized-client", HttpStatus.BAD_REQUEST, "Unauthorized client"),

	/**
	 * An OAuth request without its required parameter (RFC 6749 {@code invalid_request}).
	 */
	INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request"),

	/**
	 * A client-credentials request for a scope the client is not granted (RFC 6749 §5.2).
	 */
	INVALID_SCOPE("invalid-scope", HttpStatus.BAD_REQUEST, "Invalid scope"),

	/** A token request with a grant this service does not offer (RFC 6749 §5.2). */
	UNSUPPORTED_GRANT_TYPE("unsupported-grant-type", HttpStatus.BAD_REQUEST, "Unsupported grant type"),

	/** An operator's revocation that names no selector this service knows, or several. */
	INVALID_SELECTOR("invalid-selector", HttpStatus.BAD_REQUEST, "Invalid selector"),

	/**
	 * A Shared Signals stream's configuration cannot be honoured: a receiver URL outside
	 * the allow-list, an unknown delivery method, a stream too many.
	 */
	INVALID_STREAM("invalid-stream", HttpStatus.BAD_REQUEST, "Invalid stream configuration"),

	/** No Shared Signals stream of the caller has this id. */
	STREAM_NOT_FOUND("stream-not-found", HttpStatus.NOT_FOUND, "Stream not found"),

	/**
	 * A stream's verification asked for again within its
	 * {@code min_verification_interval}.
	 */
	STREAM_VERIFICATION_THROTTLED("stream-verification-throttled", HttpStatus.TOO_MANY_REQUESTS,
			"Stream verification throttled"),

	/**
	 * The receiver holds as many streams as
	 * {@code ssf.transmitter.max-streams-per-client}.
	 */
	TOO_MANY_STREAMS("too-many-streams", HttpStatus.CONFLICT, "Too many streams"),

	/** No entry of the audit trail has this id (never, or trimmed). */
	REVOCATION_NOT_FOUND("revocation-not-found", HttpStatus.NOT_FOUND, "Revocation not found"),

	/**
	 * Only an operator's revocation can be lifted, once: a logout or a provider's signal
	 * stands.
	 */
	REVOCATION_NOT_LIFTABLE("revocation-not-liftable", HttpStatus.CONFLICT, "Revocation cannot be lifted");

	/** What every type URI starts with. */
	public static final String PREFIX = "tag:jwt-revocation.dev,2026:problem:";

	private final URI uri;

	private final HttpStatus status;

	private final String title;

	ProblemType(String name, HttpStatus status, String title) {
		this.uri = URI.create(PREFIX + name);
		this.status = status;
		this.title = title;
	}

	public URI uri() {
		return this.uri;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

}
