package dev.jwtrevocation.revocation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;

/**
 * The mirror's connection to a Redis Cluster: one tracking connection per primary, since
 * a node pushes invalidations only for the keys it holds.
 * <p>
 * <strong>Heartbeats.</strong> Pushes from different primaries arrive on different
 * connections, in no common order, so one heartbeat cannot vouch for all of them. A
 * heartbeat here is a round: the lease script runs next to the registry (tag {@code {#}})
 * and takes the next number of the one revocation sequence; once it has answered, the
 * same heartbeat is written on every primary, under a tag {@code {#<n>}} whose slot that
 * primary holds, over that primary's own connection (which never follows a redirection).
 * The round's push reaches the listener when every primary's has come back. Why that is
 * enough: a revoker takes its sequence number only after its write was acknowledged, so a
 * round numbered after it wrote every primary's heartbeat after the revocation, on
 * whichever primary holds it, and each primary pushes in the order it changed its keys. A
 * primary that lost its slots (a failover, even a manual one that leaves the old primary
 * running) refuses the heartbeat with a redirection: no round completes, the lease lapses
 * and the feed is replaced.
 * <p>
 * <strong>Topology.</strong> The feed follows the primaries Lettuce knew when it opened;
 * when Lettuce's view changes (its periodic or adaptive refresh), when a primary's
 * connection drops, or when a heartbeat is redirected, the feed is given up and the
 * mirror reloads the whole copy under a new one. A key that moves between primaries
 * during a slot migration is pushed by both and re-read where the cluster routes it.
 */
final class ClusterFeed implements RevocationFeed {

	private final RedisClusterClient client;

	private final StatefulRedisClusterConnection<String, String> cluster;

	private final RedisAdvancedClusterAsyncCommands<String, String> async;

	private final RevocationKeys revocationKeys;

	private final Listener listener;

	private final String topology;

	private final List<Primary> primaries = new ArrayList<>();

	/** The awaited heartbeat keys of each primary, and the round each completes. */
	private final Map<String, Round> awaited = new HashMap<>();

	private volatile boolean lost;

	private ClusterFeed(RedisClusterClient client, StatefulRedisClusterConnection<String, String> cluster,
			RevocationKeys revocationKeys, Listener listener, String topology) {
		this.client = client;
		this.cluster = cluster;
		this.async = cluster.async();
		this.revocationKeys = revocationKeys;
		this.listener = listener;
		this.topology = topology;
	}

	static ClusterFeed open(RedisClusterClient client, RevocationKeys revocationKeys, String instance,
			Listener listener) {
		client.refreshPartitions();
		StatefulRedisClusterConnection<String, String> cluster = client.connect(StringCodec.UTF8);
		try {
			Partitions partitions = cluster.getPartitions();
			ClusterFeed feed = new ClusterFeed(client, cluster, revocationKeys, listener, topology(partitions));
			int slots = 0;
			for (RedisClusterNode node : primaries(partitions)) {
				StatefulRedisConnection<String, String> connection = cluster.getConnection(node.getNodeId());
				connection.addListener((PushMessage message) -> feed.onPush(message));
				connection.addListener(new RedisConnectionStateListener() {
					@Override
					public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
						feed.lose("a primary's connection dropped");
					}
				});
				connection.sync().clientSetname(CLIENT_NAME);
				connection.sync()
					.clientTracking(TrackingArgs.Builder.enabled()
						.bcast()
						.prefixes(revocationKeys.prefix(), revocationKeys.heartbeatPrefix(instance)));
				feed.primaries.add(new Primary(tagOf(node), connection));
				slots += node.getSlots().size();
			}
			if (slots != SlotHash.SLOT_COUNT) {
				throw new IllegalStateException("the cluster's primaries hold " + slots + " of " + SlotHash.SLOT_COUNT
						+ " slots: some revocations would have no primary to push them");
			}
			return feed;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	@Override
	public int load(RevocationSnapshot snapshot, long timeoutMillis) {
		int loaded = 0;
		for (Primary primary : this.primaries) {
			loaded += ServerFeed.load(primary.connection().async(), snapshot, timeoutMillis);
		}
		return loaded;
	}

	@Override
	public CompletableFuture<Void> read(String key, RevocationSnapshot snapshot, boolean settles) {
		return ServerFeed.read(this.async, key, snapshot, settles);
	}

	/** No change log on a cluster: every reconnect reloads. */
	@Override
	public int replay(String position, Collection<String> stale, RevocationSnapshot snapshot, long timeoutMillis) {
		return -1;
	}

	@Override
	public String server() {
		return null;
	}

	@Override
	public CompletionStage<RevocationFeed.HeartbeatReply> heartbeat(String heartbeatKey, String instance,
			long leaseMillis, long heartbeatTtlMillis) {
		if (!this.topology.equals(topology(this.client.getPartitions()))) {
			String why = "the cluster's topology changed";
			lose(why);
			return CompletableFuture.failedFuture(new IllegalStateException(why));
		}
		Round round = new Round(heartbeatKey, this.primaries.size());
		synchronized (this) {
			// a heartbeat given up on is never confirmed: its late pushes pass unnoticed
			this.awaited.clear();
			for (Primary primary : this.primaries) {
				this.awaited.put(this.revocationKeys.heartbeatUnder(primary.tag(), heartbeatKey), round);
			}
		}
		SetArgs expiry = SetArgs.Builder.px(heartbeatTtlMillis);
		return LeaseScripts
			.heartbeat(this.async, this.revocationKeys, heartbeatKey, instance, leaseMillis, heartbeatTtlMillis, false)
			.thenCompose((reply) -> {
				// written only now: after the sequence number, so after any revocation
				// whose revoker took a smaller one
				CompletableFuture<?>[] writes = this.primaries.stream()
					.map((primary) -> primary.connection()
						.async()
						.set(this.revocationKeys.heartbeatUnder(primary.tag(), heartbeatKey),
								String.valueOf(reply.seq()), expiry)
						.toCompletableFuture())
					.toArray(CompletableFuture[]::new);
				return CompletableFuture.allOf(writes).thenApply((done) -> reply);
			})
			.whenComplete((seq, failure) -> {
				if (failure != null) {
					// a redirection: a primary lost its slots
					lose("a primary refused a heartbeat: " + failure.getMessage());
				}
			});
	}

	@Override
	public CompletionStage<Long> confirm(String instance, long seq) {
		return LeaseScripts.confirm(this.async, this.revocationKeys, instance, seq);
	}

	@Override
	public void abandon() {
		this.lost = true;
	}

	@Override
	public void deregister(String instance) {
		this.cluster.sync().hdel(this.revocationKeys.mirrors(), instance);
	}

	@Override
	public boolean isOpen() {
		return !this.lost && this.cluster.isOpen()
				&& this.primaries.stream().allMatch((primary) -> primary.connection().isOpen());
	}

	@Override
	public void close() {
		this.lost = true;
		this.cluster.close();
	}

	private synchronized void onPush(PushMessage message) {
		if (!ServerFeed.isInvalidation(message)) {
			return;
		}
		List<String> keys = ServerFeed.invalidated(message);
		if (keys == null) {
			this.listener.onFlushed(this);
			return;
		}
		List<String> changed = new ArrayList<>(keys.size());
		for (String key : keys) {
			Round round = this.awaited.remove(key);
			if (round != null) {
				if (round.arrived()) {
					changed.add(round.heartbeatKey());
				}
			}
			else if (!key.startsWith(this.revocationKeys.heartbeatPrefix())) {
				// the registry's own heartbeats vouch for one primary only: never passed
				// on
				changed.add(key);
			}
		}
		if (!changed.isEmpty()) {
			this.listener.onChanged(this, changed);
		}
	}

	private synchronized void lose(String why) {
		if (!this.lost) {
			this.lost = true;
			this.listener.onLost(this, why);
		}
	}

	private static List<RedisClusterNode> primaries(Partitions partitions) {
		List<RedisClusterNode> primaries = new ArrayList<>();
		for (RedisClusterNode node : partitions) {
			if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL)
					&& !node.getSlots().isEmpty()) {
				primaries.add(node);
			}
		}
		primaries.sort(Comparator.comparing(RedisClusterNode::getNodeId));
		return primaries;
	}

	/** Which primary holds which slots, as one string that changes when either does. */
	private static String topology(Partitions partitions) {
		return primaries(partitions).stream()
			.map((node) -> node.getNodeId() + "@" + node.getUri() + node.getSlots())
			.collect(Collectors.joining(";"));
	}

	/** The first tag {@code #<n>} whose slot {@code node} holds. */
	private static String tagOf(RedisClusterNode node) {
		for (int n = 0; n < 1_000_000; n++) {
			String tag = "#" + n;
			if (node.hasSlot(SlotHash.getSlot(tag))) {
				return tag;
			}
		}
		throw new IllegalStateException("no tag found for the slots of " + node.getUri());
	}

	/** A primary this feed follows, and the tag its heartbeats are written under. */
	private record Primary(String tag, StatefulRedisConnection<String, String> connection) {
	}

	/** A heartbeat written on every primary: complete once each one's push came back. */
	private static final class Round {

		private final String heartbeatKey;

		private int missing;

		Round(String heartbeatKey, int primaries) {
			this.heartbeatKey = heartbeatKey;
			this.missing = primaries;
		}

		String heartbeatKey() {
			return this.heartbeatKey;
		}

		/** Counted under the feed's lock. @return whether it was the last one */
		boolean arrived() {
			return --this.missing == 0;
		}

	}

}
