package dev.jwtrevocation.revocation;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;

/**
 * The Lua scripts of the lease registry, {@link RevocationKeys#MIRRORS}: one hash field
 * per mirror instance, valued {@code "<lease end ms>:<confirmed seq>:<first seq>"} on
 * Redis's clock, and one counter, {@link RevocationKeys#SEQUENCE}, that orders heartbeats
 * and revocations.
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

	private static final String NOW = """
			local clock = redis.call('TIME')
			local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
			""";

	private static final String PARSE = """
			local function parse(entry)
				local lease_end, confirmed, first = string.match(entry, '^(%d+):(%d+):(%d+)$')
				return tonumber(lease_end), tonumber(confirmed), tonumber(first)
			end
			""";

	/**
	 * KEYS: sequence, mirrors, heartbeat key. ARGV: instance, lease ms, heartbeat TTL ms.
	 * Writes the heartbeat (its push comes back through the tracking stream), extends the
	 * registered lease from now, registers the mirror on its first heartbeat. Answers the
	 * heartbeat's sequence number.
	 */
	static final String HEARTBEAT = NOW + PARSE + """
			local seq = redis.call('INCR', KEYS[1])
			redis.call('SET', KEYS[3], seq, 'PX', ARGV[3])
			local lease_end, confirmed, first = now, 0, seq
			local entry = redis.call('HGET', KEYS[2], ARGV[1])
			if entry then lease_end, confirmed, first = parse(entry) end
			lease_end = math.max(lease_end, now + tonumber(ARGV[2]))
			redis.call('HSET', KEYS[2], ARGV[1], string.format('%d:%d:%d', lease_end, confirmed, first))
			return seq
			""";

	/**
	 * KEYS: mirrors. ARGV: instance, sequence. The mirror has applied every push up to
	 * this heartbeat.
	 */
	static final String CONFIRM = PARSE + """
			local entry = redis.call('HGET', KEYS[1], ARGV[1])
			if not entry then return 0 end
			local lease_end, confirmed, first = parse(entry)
			local seq = tonumber(ARGV[2])
			if seq > confirmed then
				redis.call('HSET', KEYS[1], ARGV[1], string.format('%d:%d:%d', lease_end, seq, first))
			end
			return 1
			""";

	/**
	 * KEYS: sequence, mirrors. ARGV: the revocation's sequence number, 0 to take one now;
	 * ms after its lease end that a silent mirror is forgotten. Answers {sequence,
	 * mirrors still to confirm it, ms until the last of their leases ends}.
	 */
	static final String AWAIT = NOW + PARSE + """
			local seq = tonumber(ARGV[1])
			if seq == 0 then seq = redis.call('INCR', KEYS[1]) end
			local pending, last_end = 0, now
			local entries = redis.call('HGETALL', KEYS[2])
			for i = 1, #entries, 2 do
				local lease_end, confirmed, first = parse(entries[i + 1])
				if lease_end + tonumber(ARGV[2]) < now then
					redis.call('HDEL', KEYS[2], entries[i])
				elseif lease_end > now and confirmed < seq and first < seq then
					pending = pending + 1
					last_end = math.max(last_end, lease_end)
				end
			end
			if tonumber(ARGV[1]) == 0 and pending > 0 then redis.call('SET', KEYS[3], seq) end
			return {seq, pending, last_end - now}
			""";

	private LeaseScripts() {
	}

	/**
	 * Runs {@link #HEARTBEAT} next to the registry: on one server, or routed to the slot
	 * of {@code {#}} on a cluster.
	 */
	static RedisFuture<Long> heartbeat(RedisScriptingAsyncCommands<String, String> redis, String heartbeatKey,
			String instance, long leaseMillis, long heartbeatTtlMillis) {
		return redis.eval(HEARTBEAT, ScriptOutputType.INTEGER,
				new String[] { RevocationKeys.SEQUENCE, RevocationKeys.MIRRORS, heartbeatKey }, instance,
				String.valueOf(leaseMillis), String.valueOf(heartbeatTtlMillis));
	}

	/** Runs {@link #CONFIRM}: this mirror has applied every change up to {@code seq}. */
	static RedisFuture<Long> confirm(RedisScriptingAsyncCommands<String, String> redis, String instance, long seq) {
		return redis.eval(CONFIRM, ScriptOutputType.INTEGER, new String[] { RevocationKeys.MIRRORS }, instance,
				String.valueOf(seq));
	}

}
