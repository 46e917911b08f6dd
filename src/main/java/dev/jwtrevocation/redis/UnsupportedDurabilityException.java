package dev.jwtrevocation.redis;

/**
 * {@code revocation.durability=aof} against a server without {@code WAITAOF}.
 */
class UnsupportedDurabilityException extends RuntimeException {

	UnsupportedDurabilityException() {
		super("revocation.durability is aof, but this Redis has no WAITAOF (it came with Redis 7.2 and Valkey 7.2)");
	}

}
