package dev.jwtrevocation.oauth;

import org.springframework.http.HttpHeaders;

import dev.jwtrevocation.problem.ProblemType;

/**
 * The caller of an OAuth endpoint is not a configured client, or its secret is wrong: 401
 * with {@code WWW-Authenticate: Basic} (RFC 6749 §5.2), {@code error: invalid_client}.
 */
class InvalidClientException extends OAuthErrorException {

	InvalidClientException() {
		super(ProblemType.INVALID_CLIENT, "invalid_client", "Client authentication failed");
		getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"jwt-revocation\"");
	}

}
