package dev.jwtrevocation.token;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Replaces the stack trace of a missing or weak {@code JWT_SECRET} with one line saying
 * what to do.
 */
class InvalidSigningKeyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSigningKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSigningKeyException cause) {
		return new FailureAnalysis(
				cause.getMessage() + ": the signing key must be base64 of at least "
						+ SigningKeyConfiguration.MIN_KEY_BYTES + " random bytes",
				"Set JWT_SECRET, for example to the output of 'openssl rand -base64 32', "
						+ "or run with the 'dev' profile to generate a throwaway key.",
				cause);
	}

}
