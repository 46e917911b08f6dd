package dev.jwtrevocation.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.token.InvalidAccessTokenException;
import dev.jwtrevocation.token.MalformedAuthorizationException;
import dev.jwtrevocation.token.RevocationCheckUnavailableException;
import dev.jwtrevocation.token.TooManyVerificationsException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.Assert;

/**
 * Answers every request the security chain could not authenticate, with a problem+json
 * body and the challenge of RFC 6750 §3.
 * <ul>
 * <li>no token: 401 and {@code WWW-Authenticate: Bearer};</li>
 * <li>a bad, expired or revoked token: 401 and {@code error="invalid_token"};</li>
 * <li>an ambiguous {@code Authorization} header: 400 and
 * {@code error="invalid_request"};</li>
 * <li>a token never seen before while the verification budget is spent: 429 (this
 * address) or 503 (all addresses) with {@code Retry-After};</li>
 * <li>a denylist that cannot be read: 503 with {@code Retry-After}. Failing closed is the
 * point of the service: a token that may have been revoked is never let through.</li>
 * </ul>
 */
final class BearerTokenProblemEntryPoint implements AuthenticationEntryPoint {

	private final ProblemDetailWriter writer;

	BearerTokenProblemEntryPoint(ProblemDetailWriter writer) {
		Assert.notNull(writer, "writer cannot be null");
		this.writer = writer;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		ProblemDetail problem;
		if (exception instanceof TooManyVerificationsException tooMany) {
			response.setHeader(HttpHeaders.RETRY_AFTER, tooMany.retryAfter());
			problem = ProblemDetailWriter.problem(tooMany.type(), exception.getMessage());
		}
		else if (exception instanceof RevocationCheckUnavailableException) {
			response.setHeader(HttpHeaders.RETRY_AFTER, ProblemDetailWriter.RETRY_AFTER_SECONDS);
			problem = ProblemDetailWriter.problem(ProblemType.REVOCATION_UNAVAILABLE, exception.getMessage());
		}
		else if (exception instanceof MalformedAuthorizationException) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge("invalid_request", exception.getMessage()));
			problem = ProblemDetailWriter.problem(ProblemType.INVALID_AUTHORIZATION_HEADER, exception.getMessage());
		}
		else if (exception instanceof InvalidAccessTokenException invalid) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge("invalid_token", exception.getMessage()));
			problem = ProblemDetailWriter.problem(type(invalid.reason()), exception.getMessage());
		}
		else {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			problem = ProblemDetailWriter.problem(ProblemType.AUTHENTICATION_REQUIRED,
					"A bearer access token is required");
		}
		this.writer.write(request, response, problem);
	}

	private static ProblemType type(InvalidAccessTokenException.Reason reason) {
		return switch (reason) {
			case EXPIRED -> ProblemType.TOKEN_EXPIRED;
			case REVOKED -> ProblemType.TOKEN_REVOKED;
			case INVALID -> ProblemType.TOKEN_INVALID;
		};
	}

	private static String challenge(String error, String description) {
		// descriptions are our own constant texts: no quotes or backslashes to escape
		return "Bearer error=\"" + error + "\", error_description=\"" + description + "\"";
	}

}
