package dev.jwtrevocation.redis;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * One line instead of a stack trace when the durability asked for cannot be had.
 */
class UnsupportedDurabilityFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedDurabilityException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedDurabilityException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Upgrade to Redis or Valkey 7.2 or later, or set REVOCATION_DURABILITY=replicas (WAIT, any version).",
				cause);
	}

}
