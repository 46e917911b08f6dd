package dev.jwtrevocation.redis;

/**
 * The start is refused: Redis may evict revocations ({@link EvictionPolicy}).
 */
class EvictingRedisException extends RuntimeException {

	private final String policy;

	EvictingRedisException(String policy) {
		super("Redis's maxmemory-policy is " + policy + ": it may evict revocation keys, and an evicted revocation "
				+ "is a revoked token accepted again");
		this.policy = policy;
	}

	String policy() {
		return this.policy;
	}

}
