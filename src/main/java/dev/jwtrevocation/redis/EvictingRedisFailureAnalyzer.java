package dev.jwtrevocation.redis;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * One line instead of a stack trace when Redis may evict revocations.
 */
class EvictingRedisFailureAnalyzer extends AbstractFailureAnalyzer<EvictingRedisException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EvictingRedisException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set 'maxmemory-policy noeviction' on Redis (CONFIG SET maxmemory-policy noeviction, and in its "
						+ "configuration file), or give the revocations a Redis of their own. To start anyway, "
						+ "knowing that revoked tokens can come back under memory pressure, set "
						+ "REVOCATION_ALLOW_EVICTION=true.",
				cause);
	}

}
