package dev.jwtrevocation.redis;

import java.util.Locale;

/**
 * Whether a Redis {@code maxmemory-policy} can drop a revocation. Every revocation key
 * carries a TTL, so the {@code volatile-*} policies can evict them as surely as the
 * {@code allkeys-*} ones; only {@code noeviction} (Redis's and Valkey's default) refuses
 * writes instead when memory runs out, which the service answers with a 503.
 */
final class EvictionPolicy {

	static final String SAFE = "noeviction";

	private EvictionPolicy() {
	}

	/**
	 * @param policy what {@code CONFIG GET maxmemory-policy} answered
	 * @return whether keys may be evicted under it (an unknown policy is assumed to
	 * evict)
	 */
	static boolean canEvict(String policy) {
		return !SAFE.equals(policy.strip().toLowerCase(Locale.ROOT));
	}

}
