package dev.jwtrevocation.oauth;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import dev.jwtrevocation.system.ProblemDetailWriter;
import dev.jwtrevocation.system.ProblemType;

/**
 * The caller of an OAuth endpoint is not a configured client, or its secret is wrong: 401
 * with {@code WWW-Authenticate: Basic} (RFC 6749 §5.2), as problem+json that also carries
 * the OAuth {@code error} member, so that OAuth client libraries and this service's
 * clients read the same body.
 */
class InvalidClientException extends ErrorResponseException {

	InvalidClientException() {
		super(HttpStatus.UNAUTHORIZED, problem(), null);
		getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"jwt-revocation\"");
	}

	private static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetailWriter.problem(ProblemType.INVALID_CLIENT, "Client authentication failed");
		problem.setProperty("error", "invalid_client");
		return problem;
	}

}
