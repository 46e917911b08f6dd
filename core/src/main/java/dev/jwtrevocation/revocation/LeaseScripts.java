package dev.jwtrevocation.revocation;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;

/**
 * The Lua scripts of the lease registry, {@link RevocationKeys#mirrors()}: one hash field
 * per mirror instance, valued {@code "<lease end ms>:<confirmed seq>:<first seq>"} on
 * Redis's clock, and one counter, {@link RevocationKeys#sequence()}, that orders
 * heartbeats and revocations.
 * <p>
 * Why the three numbers: a revoker takes a sequence number {@code s} after its write and
 * must wait for every mirror that may still trust a copy without it. A mirror can trust
 * its copy only under a lease granted by a heartbeat whose push it saw. A heartbeat
 * numbered above {@code s} was written after the revocation, so its push came after the
 * revocation's: such a lease is harmless. Leases from heartbeats below {@code s} end, on
 * the mirror's own clock, before the lease end the registry recorded for them. So the
 * revoker waits until every mirror has confirmed a heartbeat at or above {@code s}, or
 * until the lease end the registry showed when {@code s} was taken; mirrors whose first
 * heartbeat came after {@code s} are not waited for at all.
 */
final class LeaseScripts {

	/**
	 * {@code lease-heartbeat.lua}: writes a heartbeat, extends and registers the lease.
	 */
	static final String HEARTBEAT = LuaScript.text("dev/jwtrevocation/revocation/lease-heartbeat.lua");

	/** {@code lease-confirm.lua}: the mirror has applied every push up to a heartbeat. */
	static final String CONFIRM = LuaScript.text("dev/jwtrevocation/revocation/lease-confirm.lua");

	/** {@code lease-await.lua}: the mirrors a revocation still waits for. */
	static final String AWAIT = LuaScript.text("dev/jwtrevocation/revocation/lease-await.lua");

	private LeaseScripts() {
	}

	/**
	 * Runs {@link #HEARTBEAT} next to the registry: on one server, or routed to the slot
	 * of {@code {#}} on a cluster.
	 * @param logged whether to answer how far the change log went (on one server; a
	 * cluster keeps no log)
	 */
	static CompletableFuture<RevocationFeed.HeartbeatReply> heartbeat(RedisScriptingAsyncCommands<String, String> redis,
			RevocationKeys keys, String heartbeatKey, String instance, long leaseMillis, long heartbeatTtlMillis,
			boolean logged) {
		RedisFuture<List<Object>> reply = redis.eval(HEARTBEAT, ScriptOutputType.MULTI,
				new String[] { keys.sequence(), keys.mirrors(), heartbeatKey }, instance, String.valueOf(leaseMillis),
				String.valueOf(heartbeatTtlMillis), logged ? keys.changeLog() : "");
		return reply.toCompletableFuture()
			.thenApply((answer) -> new RevocationFeed.HeartbeatReply((Long) answer.get(0), (String) answer.get(1)));
	}

	/** Runs {@link #CONFIRM}: this mirror has applied every change up to {@code seq}. */
	static RedisFuture<Long> confirm(RedisScriptingAsyncCommands<String, String> redis, RevocationKeys keys,
			String instance, long seq) {
		return redis.eval(CONFIRM, ScriptOutputType.INTEGER,
				new String[] { keys.mirrors(), keys.waiting(), keys.confirmed() }, instance, String.valueOf(seq));
	}

}
