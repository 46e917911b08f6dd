package dev.jwtrevocation.revocation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;

/**
 * The mirror's connection to one Redis server, standalone or the primary that Sentinel
 * names: what flows in (the names of revocation keys that changed) and the reads and
 * heartbeats that go out.
 * <p>
 * It is opened from the very client the application's own Redis connections come from, so
 * it uses exactly what they use: the URL scheme and TLS material, credentials, database,
 * Sentinel, timeouts. Tracking is {@code CLIENT TRACKING ON BCAST PREFIX jr:r: PREFIX
 * jr:rh:<instance>:} (the revocations, and this mirror's heartbeats) over RESP3: Redis
 * pushes the name of every key under the prefix that changes, whoever changed it,
 * expiries and deletions included, in the order the changes happened. Lettuce's own
 * client-side caching is not used: it caches no "key absent" answers, loses tracking on
 * reconnect and is deprecated.
 */
final class ServerFeed implements RevocationFeed {

	/** Keys a page of the snapshot asks {@code SCAN} for. */
	private static final int PAGE_SIZE = 4000;

	/** {@code replay-page.lua}: one page of the change log after a position, read now. */
	private static final String REPLAY_PAGE = LuaScript.text("dev/jwtrevocation/revocation/replay-page.lua");

	/** Entries a page of the replay reads. */
	private static final int REPLAY_PAGE_SIZE = 2000;

	private final StatefulRedisConnection<String, String> connection;

	private final RedisAsyncCommands<String, String> async;

	private final RevocationKeys keys;

	/** The server's {@code run_id}. */
	private String server;

	/**
	 * Set once the connection dropped: Lettuce may reconnect it, but without tracking, so
	 * it is never used again.
	 */
	private volatile boolean lost;

	private ServerFeed(StatefulRedisConnection<String, String> connection, RevocationKeys keys) {
		this.connection = connection;
		this.async = connection.async();
		this.keys = keys;
	}

	/**
	 * Connects, checks that the server holds the whole keyspace, and turns tracking on:
	 * from the moment this returns, no change under the prefix goes unnoticed while the
	 * connection lives.
	 * @throws UnsupportedTopologyException if the server is a cluster node
	 */
	static ServerFeed open(RedisClient client, RevocationKeys keys, String instance, Listener listener) {
		StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
		try {
			ServerFeed feed = new ServerFeed(connection, keys);
			connection.addListener((PushMessage message) -> feed.onPush(message, listener));
			connection.addListener(new RedisConnectionStateListener() {
				@Override
				public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
					feed.lost = true;
					listener.onLost(feed, "connection lost");
				}
			});
			RedisCommands<String, String> commands = connection.sync();
			String cluster = commands.info("cluster");
			if (cluster != null && cluster.contains("cluster_enabled:1")) {
				throw new UnsupportedTopologyException("Redis is a cluster node: one node's invalidations "
						+ "cover only its own slots, so a copy fed by it would miss revocations on the others; "
						+ "configure spring.data.redis.cluster.nodes (SPRING_DATA_REDIS_CLUSTER_NODES) instead");
			}
			feed.server = field(commands.info("server"), "run_id");
			commands.clientSetname(CLIENT_NAME);
			commands.clientTracking(
					TrackingArgs.Builder.enabled().bcast().prefixes(keys.prefix(), keys.heartbeatPrefix(instance)));
			return feed;
		}
		catch (RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

	/** A field of an {@code INFO} section, {@code null} if it has none. */
	static String field(String info, String name) {
		if (info == null) {
			return null;
		}
		for (String line : info.split("\r?\n")) {
			if (line.startsWith(name + ":")) {
				return line.substring(name.length() + 1).strip();
			}
		}
		return null;
	}

	@Override
	public String server() {
		return this.server;
	}

	@Override
	public int load(RevocationSnapshot snapshot, long timeoutMillis) {
		return load(this.async, snapshot, timeoutMillis);
	}

	/**
	 * Reads the keys logged after {@code position}, a page of {@value #REPLAY_PAGE_SIZE}
	 * entries per script call, each answered with its {@code PTTL} (and value, for a
	 * cutoff) as the snapshot answers them, then the stale keys the same way.
	 */
	@Override
	public int replay(String position, Collection<String> stale, RevocationSnapshot snapshot, long timeoutMillis) {
		String from = position;
		int read = 0;
		while (true) {
			RedisFuture<List<Object>> page = this.async.eval(REPLAY_PAGE, ScriptOutputType.MULTI, new String[0], from,
					String.valueOf(REPLAY_PAGE_SIZE), RevocationKeys.CUTOFF_SUFFIX, this.keys.changeLog());
			List<Object> reply = await(page.toCompletableFuture(), timeoutMillis);
			from = (String) reply.get(0);
			if (from.isEmpty()) {
				return -1;
			}
			for (int i = 2; i < reply.size(); i++) {
				applyLine((String) reply.get(i), snapshot);
				read++;
			}
			if ((Long) reply.get(1) < REPLAY_PAGE_SIZE) {
				break;
			}
		}
		return read + readExactly(this.async, List.copyOf(stale), snapshot, timeoutMillis);
	}

	/**
	 * Reads keys with their {@code PTTL} (and value, for cutoffs), all sent at once, and
	 * applies each answer unless a push for the key arrived meanwhile.
	 * @return how many keys were read
	 */
	static int readExactly(RedisAsyncCommands<String, String> server, List<String> keys, RevocationSnapshot snapshot,
			long timeoutMillis) {
		List<CompletableFuture<Long>> ttls = new ArrayList<>(keys.size());
		List<CompletableFuture<String>> values = new ArrayList<>(keys.size());
		for (String key : keys) {
			ttls.add(server.pttl(key).toCompletableFuture());
			values.add(RevocationKeys.isCutoff(key) ? server.get(key).toCompletableFuture()
					: CompletableFuture.completedFuture(null));
		}
		for (int i = 0; i < keys.size(); i++) {
			String key = keys.get(i);
			long millis = await(ttls.get(i), timeoutMillis);
			if (RevocationKeys.isCutoff(key)) {
				snapshot.loadCutoff(key, await(values.get(i), timeoutMillis), millis);
			}
			else {
				snapshot.load(key, millis);
			}
		}
		return keys.size();
	}

	/**
	 * Reads every live revocation key of one server: {@code SCAN} pages of
	 * {@value #PAGE_SIZE}, the next asked for while the last is applied. A token or
	 * session key counts by its presence alone: it lives as long as a token it refuses
	 * can be accepted ({@link TokenLifetimes}), so until its expiry is pushed the copy
	 * holds it for the longest such life ({@link RevocationSnapshot#loadPresent}). That
	 * spares Redis a {@code PTTL} per key, which took most of its time
	 * (docs/benchmarks.md, the cold start). Cutoffs, whose values count, and compromised
	 * signing keys, whose lives an operator chose, are read with their TTL, a page's
	 * worth at once.
	 * @return how many keys were loaded
	 */
	static int load(RedisAsyncCommands<String, String> server, RevocationSnapshot snapshot, long timeoutMillis) {
		RevocationKeys keys = snapshot.names();
		ScanArgs pages = ScanArgs.Builder.matches(keys.prefix() + "*").limit(PAGE_SIZE);
		RedisFuture<KeyScanCursor<String>> next = server.scan(ScanCursor.INITIAL, pages);
		int loaded = 0;
		List<String> exact = new ArrayList<>();
		while (next != null) {
			KeyScanCursor<String> page = await(next.toCompletableFuture(), timeoutMillis);
			next = page.isFinished() ? null : server.scan(page, pages);
			for (String key : page.getKeys()) {
				if (keys.isLease(key)) {
					continue;
				}
				if (RevocationKeys.isCutoff(key) || keys.signingKeyId(key) != null) {
					exact.add(key);
				}
				else {
					snapshot.loadPresent(key);
					loaded++;
				}
			}
			if (exact.size() >= PAGE_SIZE || (next == null && !exact.isEmpty())) {
				loaded += readExactly(server, exact, snapshot, timeoutMillis);
				exact.clear();
			}
		}
		return loaded;
	}

	/**
	 * One key as a page of the replay answers it, {@code "<pttl> <key>"} or, for a cutoff
	 * that exists, {@code "<pttl> <value> <key>"}, into the copy unless a push for it
	 * arrived meanwhile.
	 */
	private static void applyLine(String line, RevocationSnapshot snapshot) {
		int ttlEnd = line.indexOf(' ');
		long ttl = Long.parseLong(line, 0, ttlEnd, 10);
		if (RevocationKeys.isCutoff(line)) {
			if (ttl == -2) {
				snapshot.loadCutoff(line.substring(ttlEnd + 1), null, ttl);
				return;
			}
			int valueEnd = line.indexOf(' ', ttlEnd + 1);
			snapshot.loadCutoff(line.substring(valueEnd + 1), line.substring(ttlEnd + 1, valueEnd), ttl);
		}
		else {
			snapshot.load(line.substring(ttlEnd + 1), ttl);
		}
	}

	@Override
	public CompletableFuture<Void> read(String key, RevocationSnapshot snapshot, boolean settles) {
		return read(this.async, key, snapshot, settles);
	}

	/** Re-reads a key wherever {@code redis} routes it and applies the answer. */
	static <C extends RedisKeyAsyncCommands<String, String> & RedisStringAsyncCommands<String, String>> CompletableFuture<Void> read(
			C redis, String key, RevocationSnapshot snapshot, boolean settles) {
		if (RevocationKeys.isCutoff(key)) {
			CompletableFuture<String> value = redis.get(key).toCompletableFuture();
			return redis.pttl(key)
				.thenAcceptBoth(value, (millis, current) -> snapshot.applyCutoff(key, current, millis, settles))
				.toCompletableFuture();
		}
		return redis.pttl(key).thenAccept((millis) -> snapshot.apply(key, millis)).toCompletableFuture();
	}

	static <T> T await(CompletableFuture<T> reads, long timeoutMillis) {
		try {
			return reads.get(timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while loading the revocations", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Redis did not answer the snapshot reads: " + ex.getMessage(), ex);
		}
	}

	@Override
	public CompletableFuture<HeartbeatReply> heartbeat(String heartbeatKey, String instance, long leaseMillis,
			long heartbeatTtlMillis) {
		return LeaseScripts.heartbeat(this.async, this.keys, heartbeatKey, instance, leaseMillis, heartbeatTtlMillis,
				true);
	}

	@Override
	public RedisFuture<Long> confirm(String instance, long seq) {
		return LeaseScripts.confirm(this.async, this.keys, instance, seq);
	}

	@Override
	public void abandon() {
		this.lost = true;
	}

	@Override
	public void deregister(String instance) {
		this.connection.sync().hdel(this.keys.mirrors(), instance);
	}

	@Override
	public boolean isOpen() {
		return !this.lost && this.connection.isOpen();
	}

	@Override
	public void close() {
		this.connection.close();
	}

	private void onPush(PushMessage message, Listener listener) {
		if (!isInvalidation(message)) {
			return;
		}
		List<String> changed = invalidated(message);
		if (changed != null) {
			listener.onChanged(this, changed);
		}
		else {
			listener.onFlushed(this);
		}
	}

	static boolean isInvalidation(PushMessage message) {
		return "invalidate".equals(message.getType());
	}

	/**
	 * The keys an invalidation names, or {@code null} when Redis flushed its keys (then
	 * nothing in the copy can be relied on).
	 */
	static List<String> invalidated(PushMessage message) {
		List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
		Object keys = (content.size() > 1) ? content.get(1) : null;
		if (!(keys instanceof List<?> names)) {
			return null;
		}
		List<String> changed = new ArrayList<>(names.size());
		for (Object name : names) {
			changed.add(String.valueOf(name));
		}
		return changed;
	}

}
