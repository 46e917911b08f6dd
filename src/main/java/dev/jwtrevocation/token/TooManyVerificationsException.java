package dev.jwtrevocation.token;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.system.WorkBudget;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponseException;

/**
 * A token's signature was not verified because the verification budget was spent
 * ({@link VerificationBudgetProperties}): 429 when this address spent its own, 503 when
 * all addresses together spent the total; {@code Retry-After} either way. Nothing was
 * decided about the token.
 */
public final class TooManyVerificationsException extends AuthenticationException {

	private final ProblemType type;

	private final long retryAfterSeconds;

	TooManyVerificationsException(WorkBudget.Admission refusal) {
		super(refusal.total() ? "Too many new tokens to verify; retry later"
				: "Too many new tokens to verify from this address; retry later");
		this.type = refusal.total() ? ProblemType.VERIFICATION_BUSY : ProblemType.VERIFICATION_THROTTLED;
		this.retryAfterSeconds = refusal.retryAfterSeconds();
	}

	/**
	 * {@link ProblemType#VERIFICATION_THROTTLED} or
	 * {@link ProblemType#VERIFICATION_BUSY}.
	 */
	public ProblemType type() {
		return this.type;
	}

	/** The value of {@code Retry-After}: whole seconds. */
	public String retryAfter() {
		return String.valueOf(this.retryAfterSeconds);
	}

	/**
	 * The same answer from a controller, where the security chain's entry point does not
	 * answer.
	 */
	public ErrorResponseException asErrorResponse() {
		ErrorResponseException response = new ErrorResponseException(this.type.status(),
				ProblemDetailWriter.problem(this.type, getMessage()), this);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfter());
		return response;
	}

}
