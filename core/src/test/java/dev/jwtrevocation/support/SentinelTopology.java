package dev.jwtrevocation.support;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

import static org.awaitility.Awaitility.await;

/**
 * A primary, one replica and three Sentinels (quorum 2), all real redis-server processes
 * on loopback, that a test can fail over: kill the primary with SIGKILL, wait until the
 * Sentinels have promoted the replica, then give the new primary a replica again.
 * <p>
 * No lag can be injected here: a replica reading through a proxy reports the proxy as its
 * primary, and the Sentinels soon point it back at the real one.
 */
public final class SentinelTopology implements AutoCloseable {

	public static final String MASTER = "mymaster";

	private static final int DOWN_AFTER_MILLIS = 1000;

	/**
	 * A new replica's first sync starts at once (Redis 7 waits 5 s for others to join).
	 */
	private static final String[] NO_SYNC_DELAY = { "--repl-diskless-sync-delay", "0" };

	private final List<RedisProcess> sentinels = new ArrayList<>();

	private final List<AutoCloseable> retired = new ArrayList<>();

	private final Set<Integer> used = new HashSet<>();

	private RedisProcess primary;

	private RedisProcess replica;

	private SentinelTopology() {
	}

	public static SentinelTopology start() {
		SentinelTopology topology = new SentinelTopology();
		try {
			topology.primary = RedisProcess.start(RedisProcess.DEBIAN_BINARY, false, NO_SYNC_DELAY);
			topology.used.add(topology.primary.port());
			topology.addReplica();
			for (int i = 0; i < 3; i++) {
				topology.sentinels.add(RedisProcess.startSentinel(RedisProcess.DEBIAN_BINARY, MASTER,
						topology.primary.port(), DOWN_AFTER_MILLIS));
			}
			// every Sentinel knows the replica before anything may fail over
			await().atMost(Duration.ofSeconds(10))
				.until(() -> topology.sentinels.stream().allMatch((s) -> s.log().contains("+slave slave")));
			return topology;
		}
		catch (RuntimeException ex) {
			topology.close();
			throw ex;
		}
	}

	/** {@code host:port,...} for {@code spring.data.redis.sentinel.nodes}. */
	public String sentinelNodes() {
		return this.sentinels.stream().map((s) -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","));
	}

	public int primaryPort() {
		return this.primary.port();
	}

	public int replicaPort() {
		return this.replica.port();
	}

	/**
	 * Kills the primary at once and returns when the Sentinels name the replica as the
	 * new primary.
	 */
	public void killPrimaryAndAwaitFailover() {
		this.primary.kill();
		// a replica frozen by pauseReplica() lags from now on: it never got what came
		// since
		this.replica.resume();
		this.retired.add(this.primary);
		int promoted = this.replica.port();
		// every Sentinel agrees: one that missed the failover would turn the new primary
		// back into a replica
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.sentinels.stream().allMatch((sentinel) -> masterPort(sentinel) == promoted));
		this.primary = this.replica;
		this.replica = null;
	}

	/**
	 * Cuts the replica off the primary's stream, as a lag does, only longer: the replica
	 * is frozen (SIGSTOP), so that it cannot reconnect, and the primary drops its link
	 * ({@code CLIENT KILL TYPE replica}). Whatever is written from now on is on the
	 * primary only; the next failover resumes the replica.
	 */
	public void detachReplica() {
		this.replica.pause();
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", this.primary.port()));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().clientKill(KillArgs.Builder.typeSlave());
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
		}
	}

	/** A new replica of the current primary, returned once its first sync finished. */
	public void addReplica() {
		int upstream = this.primary.port();
		RedisProcess added = RedisProcess.start(RedisProcess.DEBIAN_BINARY, false, "--replicaof", "127.0.0.1",
				String.valueOf(upstream), "--replica-announce-ip", "127.0.0.1", NO_SYNC_DELAY[0], NO_SYNC_DELAY[1]);
		// a killed primary's port, taken again, is an old primary coming back to the
		// Sentinels: never reuse one
		while (!this.used.add(added.port())) {
			RedisProcess reused = added;
			added = RedisProcess.start(RedisProcess.DEBIAN_BINARY, false, "--replicaof", "127.0.0.1",
					String.valueOf(upstream), "--replica-announce-ip", "127.0.0.1", NO_SYNC_DELAY[0], NO_SYNC_DELAY[1]);
			reused.close();
		}
		RedisProcess replica = added;
		// closed with the topology even if a wait below gives up
		this.replica = replica;
		await().atMost(Duration.ofSeconds(30))
			.until(() -> replica.log().contains("MASTER <-> REPLICA sync: Finished with success"));
		if (!this.sentinels.isEmpty()) {
			// a Sentinel promotes only a replica it has seen healthy (it asks the primary
			// every few seconds)
			// a Sentinel asks its primary about replicas every 10 s; a loaded machine
			// once
			// took more than 30 s
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> this.sentinels.stream().allMatch((sentinel) -> seesHealthy(sentinel, replica.port())));
		}
	}

	private static boolean seesHealthy(RedisProcess sentinel, int replicaPort) {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", sentinel.port()));
		try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel()) {
			return connection.sync()
				.replicas(MASTER)
				.stream()
				.anyMatch((replica) -> String.valueOf(replicaPort).equals(replica.get("port"))
						&& "slave".equals(replica.get("flags")) && "ok".equals(replica.get("master-link-status")));
		}
		finally {
			client.shutdown();
		}
	}

	private static int masterPort(RedisProcess sentinelProcess) {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", sentinelProcess.port()));
		try (StatefulRedisSentinelConnection<String, String> sentinel = client.connectSentinel()) {
			SocketAddress address = sentinel.sync().getMasterAddrByName(MASTER);
			return ((InetSocketAddress) address).getPort();
		}
		finally {
			client.shutdown();
		}
	}

	@Override
	public void close() {
		List<AutoCloseable> all = new ArrayList<>(this.sentinels);
		all.add(this.primary);
		all.add(this.replica);
		all.addAll(this.retired);
		for (AutoCloseable closeable : all) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// tearing down
				}
			}
		}
	}

}
