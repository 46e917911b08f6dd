package dev.jwtrevocation.revocation;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;

import org.springframework.lang.Nullable;

/**
 * The mirror's connection to Redis: what flows in (the names of revocation keys that
 * changed) and the reads and heartbeats that go out. One server's ({@link ServerFeed}:
 * standalone or the primary Sentinel names) or a whole cluster's ({@link ClusterFeed}:
 * one tracking connection per primary).
 * <p>
 * Whatever the topology, a feed keeps one promise: when the push of a heartbeat reaches
 * the {@link Listener}, every change to a revocation key that Redis made before the
 * heartbeat was written has reached it first.
 */
interface RevocationFeed extends AutoCloseable {

	/** The name every mirror connection gives itself ({@code CLIENT SETNAME}). */
	String CLIENT_NAME = "jwt-revocation-mirror";

	/**
	 * Connects to whatever {@code client} is configured for and turns tracking on: from
	 * the moment this returns, no change under the prefix goes unnoticed while the feed
	 * is open.
	 * @throws UnsupportedTopologyException if the server cannot feed a complete copy
	 */
	static RevocationFeed open(AbstractRedisClient client, RevocationKeys keys, String instance, Listener listener) {
		if (client instanceof RedisClusterClient cluster) {
			return ClusterFeed.open(cluster, keys, instance, listener);
		}
		if (client instanceof RedisClient server) {
			return ServerFeed.open(server, keys, instance, listener);
		}
		throw new UnsupportedTopologyException("unknown Redis client " + client.getClass().getName());
	}

	/**
	 * Reads every live revocation key with its TTL (and value, for cutoffs).
	 * @return how many keys were loaded
	 */
	int load(RevocationSnapshot snapshot, long timeoutMillis);

	/**
	 * Re-reads a key and applies the answer; the answer reflects at least every change
	 * whose push arrived before this call.
	 */
	CompletableFuture<Void> read(String key, RevocationSnapshot snapshot, boolean settles);

	/**
	 * Brings a copy that was exact up to {@code position} in the change log up to date
	 * without reloading it: reads every key logged since, then re-reads {@code stale}
	 * (keys whose re-read the previous connection lost), applying each answer unless a
	 * push for the key arrived meanwhile ({@link RevocationSnapshot#beginBulk}).
	 * @return how many keys were read, or {@code -1} when the copy must be reloaded
	 * instead: the log no longer holds the position, or this feed keeps no log
	 */
	int replay(String position, Collection<String> stale, RevocationSnapshot snapshot, long timeoutMillis);

	/**
	 * The server this feed follows ({@code run_id}): a copy made from another one, or
	 * from this one before a restart, is reloaded. {@code null} where no replay is
	 * possible (a cluster).
	 */
	@Nullable
	String server();

	/**
	 * Writes a heartbeat and extends this mirror's registered lease; its push, under
	 * {@code heartbeatKey}, comes back once every earlier change has.
	 * @return the heartbeat's sequence number, and how far the change log went
	 */
	CompletionStage<HeartbeatReply> heartbeat(String heartbeatKey, String instance, long leaseMillis,
			long heartbeatTtlMillis);

	/**
	 * Publishes that this mirror has applied every change up to heartbeat {@code seq}.
	 */
	CompletionStage<Long> confirm(String instance, long seq);

	/**
	 * Gives the feed up from a thread that must not block (the event loop): the mirror's
	 * thread replaces it at its next tick.
	 */
	void abandon();

	/** Removes this mirror from the lease registry: a revoker no longer waits for it. */
	void deregister(String instance);

	boolean isOpen();

	@Override
	void close();

	/**
	 * What the feed reports, on Lettuce's event loop, one call at a time: the handler
	 * must not block.
	 */
	interface Listener {

		/** Keys under the prefix changed, in the order Redis changed them. */
		void onChanged(RevocationFeed feed, List<String> keys);

		void onFlushed(RevocationFeed feed);

		/** The feed may have missed pushes from now on, for the reason given. */
		void onLost(RevocationFeed feed, String why);

	}

	/**
	 * What a heartbeat's write answered.
	 *
	 * @param seq its sequence number
	 * @param logged the id of the change log's latest entry when it was written,
	 * {@code ""} if the log was empty or is off
	 */
	record HeartbeatReply(long seq, String logged) {
	}

	/** The server cannot feed a complete copy. */
	final class UnsupportedTopologyException extends RuntimeException {

		UnsupportedTopologyException(String message) {
			super(message);
		}

	}

}
