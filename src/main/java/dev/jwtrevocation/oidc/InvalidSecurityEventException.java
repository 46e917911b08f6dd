package dev.jwtrevocation.oidc;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemType;

/**
 * A pushed Security Event Token that is refused, with RFC 8935 §2.4's error code
 * ({@code err}) and {@code description} as members of this service's problem+json: 400,
 * or 401 for {@code authentication_failed}. The description is one of fixed texts:
 * nothing of the SET is echoed.
 */
class InvalidSecurityEventException extends ErrorResponseException {

	private final String code;

	InvalidSecurityEventException(String code, String description) {
		super(status(code), problem(code, description), null);
		this.code = code;
	}

	/** A SET whose form or claims are wrong: {@code invalid_request}. */
	static InvalidSecurityEventException invalidRequest(String description) {
		return new InvalidSecurityEventException("invalid_request", description);
	}

	String code() {
		return this.code;
	}

	private static HttpStatus status(String code) {
		return "authentication_failed".equals(code) ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST;
	}

	private static ProblemDetail problem(String code, String description) {
		ProblemType type = "authentication_failed".equals(code) ? ProblemType.INVALID_CLIENT
				: ProblemType.INVALID_REQUEST;
		ProblemDetail problem = ProblemDetailWriter.problem(type, description);
		problem.setProperty("err", code);
		problem.setProperty("description", description);
		return problem;
	}

}
