package dev.jwtrevocation.revocation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;
import org.springframework.util.Assert;

/**
 * Runs a revoking script and does not return until the write is as durable as
 * {@link Durability} asks: on the primary only, on replicas ({@code WAIT}), or fsynced to
 * the append-only file ({@code WAITAOF}, Redis and Valkey 7.2+).
 * <p>
 * {@code WAIT} and {@code WAITAOF} cover the writes of the connection that sends them,
 * and block that connection until they return: sent on the application's shared
 * connection, they would hold every other command behind a lagging replica. So durable
 * revocations use connections of their own, a few, taken one per revocation. On a Redis
 * Cluster each of them is a cluster connection, and the script and its wait both go over
 * its connection to the primary that holds the script's slot (after a redirection, the
 * topology is re-read and the script sent once more: it had not run).
 * <p>
 * When the acknowledgement does not come in time, the write stays (a retry finds the
 * token already refused) and the caller gets a {@link DataAccessException}: a 503, never
 * a 2xx for a revocation that a failover could lose.
 */
public final class AcknowledgedWrites implements DisposableBean {

	private static final Log logger = LogFactory.getLog(AcknowledgedWrites.class);

	private static final ProtocolKeyword WAITAOF = new ProtocolKeyword() {
		@Override
		public byte[] getBytes() {
			return "WAITAOF".getBytes(StandardCharsets.US_ASCII);
		}

		@Override
		public String toString() {
			return "WAITAOF";
		}
	};

	private static final LettuceExceptionConverter exceptions = new LettuceExceptionConverter();

	private final int replicas;

	private final Duration timeout;

	private final Supplier<AbstractRedisClient> clients;

	private final BlockingQueue<StatefulConnection<String, String>> idle;

	/** At most as many connections as waits at once: a logout flood opens no more. */
	private final Semaphore permits;

	private volatile Durability effective;

	/**
	 * @param durability what a revocation waits for
	 * @param replicas how many replicas must acknowledge ({@link Durability#REPLICAS}) or
	 * have fsynced too ({@link Durability#AOF}, 0 for the primary's own file only)
	 * @param timeout the longest a revocation waits for them before it is refused
	 * @param connections how many revocations may wait at once
	 */
	public AcknowledgedWrites(Durability durability, int replicas, Duration timeout,
			Supplier<AbstractRedisClient> clients, int connections) {
		Assert.notNull(durability, "durability cannot be null");
		Assert.notNull(timeout, "timeout cannot be null");
		Assert.notNull(clients, "clients cannot be null");
		Assert.isTrue(connections > 0, "connections must be positive");
		this.replicas = replicas;
		this.timeout = timeout;
		this.clients = clients;
		this.idle = new ArrayBlockingQueue<>(connections);
		this.permits = new Semaphore(connections);
		this.effective = (durability == Durability.AUTO) ? null : durability;
	}

	/** Whether revocations go through here at all ({@code primary}: no). */
	boolean waits() {
		Durability current = effective();
		return current == Durability.REPLICAS || current == Durability.AOF;
	}

	/** What revocations wait for, {@code auto} once resolved. */
	public Durability effective() {
		Durability current = this.effective;
		if (current == null) {
			current = resolve();
		}
		return current;
	}

	/**
	 * Runs the script, then waits for its acknowledgement.
	 * @return the script's reply
	 * @throws DataAccessException if Redis failed or the acknowledgement did not come in
	 * time (the write stays)
	 */
	<T> T eval(String script, ScriptOutputType type, List<String> keys, List<String> args) {
		acquire();
		StatefulConnection<String, String> connection;
		try {
			connection = take();
		}
		catch (RuntimeException ex) {
			this.permits.release();
			throw ex;
		}
		boolean healthy = false;
		try {
			String[] keyArray = keys.toArray(new String[0]);
			String[] argArray = args.toArray(new String[0]);
			RedisCommands<String, String> commands = commandsFor(connection, keyArray[0]);
			T reply;
			try {
				reply = commands.eval(script, type, keyArray, argArray);
			}
			catch (RedisCommandExecutionException ex) {
				if (!(connection instanceof StatefulRedisClusterConnection) || !isMoved(ex)) {
					throw ex;
				}
				// the slot has a new primary (a failover): the script did not run
				((RedisClusterClient) this.clients.get()).refreshPartitions();
				commands = commandsFor(connection, keyArray[0]);
				reply = commands.eval(script, type, keyArray, argArray);
			}
			acknowledge(commands);
			healthy = true;
			return reply;
		}
		catch (RuntimeException ex) {
			throw translated(ex);
		}
		finally {
			give(connection, healthy);
			this.permits.release();
		}
	}

	/**
	 * Where the write and its wait go: the server, or on a cluster the primary that holds
	 * the key's slot, over that primary's own connection: {@code WAIT} counts the writes
	 * of the connection it is sent on, so it must be the one the write went through.
	 */
	private RedisCommands<String, String> commandsFor(StatefulConnection<String, String> connection, String key) {
		if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
			RedisClusterNode primary = cluster.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
			if (primary == null) {
				throw new DataAccessResourceFailureException("No primary holds the slot of " + key);
			}
			StatefulRedisConnection<String, String> node = cluster.getConnection(primary.getNodeId());
			node.setTimeout(this.timeout.plusSeconds(1));
			return node.sync();
		}
		return ((StatefulRedisConnection<String, String>) connection).sync();
	}

	private static boolean isMoved(RedisCommandExecutionException ex) {
		return ex.getMessage() != null && ex.getMessage().startsWith("MOVED");
	}

	private void acquire() {
		boolean acquired;
		try {
			acquired = this.permits.tryAcquire(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			throw new DataAccessResourceFailureException("Too many revocations are waiting for durability");
		}
	}

	private void acknowledge(RedisCommands<String, String> commands) {
		long millis = this.timeout.toMillis();
		if (effective() == Durability.REPLICAS) {
			long acknowledged = commands.waitForReplication(this.replicas, millis);
			if (acknowledged < this.replicas) {
				throw new DataAccessResourceFailureException("The revocation is written but only " + acknowledged
						+ " of " + this.replicas + " replicas acknowledged it within " + millis + " ms");
			}
		}
		else {
			CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add(1)
				.add(this.replicas)
				.add(millis);
			List<Object> reply = commands.dispatch(WAITAOF, new ArrayOutput<>(StringCodec.UTF8), args);
			long local = ((Number) reply.get(0)).longValue();
			long remote = ((Number) reply.get(1)).longValue();
			if (local < 1 || remote < this.replicas) {
				throw new DataAccessResourceFailureException("The revocation is written but not fsynced in time "
						+ "(primary " + local + ", replicas " + remote + " of " + this.replicas + ")");
			}
		}
	}

	private synchronized Durability resolve() {
		if (this.effective != null) {
			return this.effective;
		}
		StatefulConnection<String, String> connection = take();
		boolean healthy = false;
		try {
			int connected = fewestReplicas(connection);
			healthy = true;
			Durability resolved = (connected >= Math.max(1, this.replicas)) ? Durability.REPLICAS : Durability.PRIMARY;
			if (resolved == Durability.PRIMARY) {
				logger.warn("revocation.durability=auto: " + describe(connection) + " " + connected
						+ " replica(s) connected, so revocations are acknowledged once the primary has them; a failover "
						+ "can lose them. Set REVOCATION_DURABILITY=replicas (or aof) to wait for durability.");
			}
			else {
				logger.info("revocation.durability=auto: revocations wait for " + this.replicas + " replica(s)");
			}
			this.effective = resolved;
			return resolved;
		}
		catch (RuntimeException ex) {
			throw translated(ex);
		}
		finally {
			give(connection, healthy);
		}
	}

	/**
	 * The replicas connected to the primary, or to the least replicated primary of a
	 * cluster.
	 */
	private static int fewestReplicas(StatefulConnection<String, String> connection) {
		if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
			int fewest = Integer.MAX_VALUE;
			for (RedisClusterNode node : cluster.getPartitions()) {
				if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
					String replication = cluster.getConnection(node.getNodeId()).sync().info("replication");
					fewest = Math.min(fewest, connectedReplicas(replication));
				}
			}
			return (fewest == Integer.MAX_VALUE) ? 0 : fewest;
		}
		return connectedReplicas(((StatefulRedisConnection<String, String>) connection).sync().info("replication"));
	}

	private static String describe(StatefulConnection<String, String> connection) {
		return (connection instanceof StatefulRedisClusterConnection) ? "a primary of the cluster has"
				: "the primary has";
	}

	/**
	 * Lettuce's exceptions as Spring's, so that callers answer a 503 as for any Redis
	 * failure.
	 */
	private static RuntimeException translated(RuntimeException ex) {
		DataAccessException translated = exceptions.translateExceptionIfPossible(ex);
		return (translated != null) ? translated : ex;
	}

	static int connectedReplicas(String replicationInfo) {
		for (String line : replicationInfo.split("\r?\n")) {
			if (line.startsWith("connected_slaves:")) {
				return Integer.parseInt(line.substring("connected_slaves:".length()).strip());
			}
		}
		return 0;
	}

	private StatefulConnection<String, String> take() {
		StatefulConnection<String, String> connection = this.idle.poll();
		if (connection != null) {
			return connection;
		}
		AbstractRedisClient client = this.clients.get();
		try {
			StatefulConnection<String, String> opened = (client instanceof RedisClusterClient cluster)
					? cluster.connect(StringCodec.UTF8) : ((RedisClient) client).connect(StringCodec.UTF8);
			// the wait itself must not be cut short by the command timeout
			opened.setTimeout(this.timeout.plusSeconds(1));
			return opened;
		}
		catch (RuntimeException ex) {
			throw translated(ex);
		}
	}

	private void give(StatefulConnection<String, String> connection, boolean healthy) {
		if (!healthy || !connection.isOpen() || !this.idle.offer(connection)) {
			connection.closeAsync();
		}
	}

	@Override
	public void destroy() {
		StatefulConnection<String, String> connection;
		while ((connection = this.idle.poll()) != null) {
			connection.closeAsync();
		}
	}

	/** What a revocation waits for before its 2xx. */
	public enum Durability {

		/**
		 * {@code replicas} when the primary (on a cluster: every primary) has a replica
		 * the first time a revocation is written, otherwise {@code primary} with a WARN.
		 */
		AUTO,

		/**
		 * The primary has it: a failover to a lagging replica, or a crash, can lose it.
		 */
		PRIMARY,

		/** {@code WAIT}: the replicas have it too. */
		REPLICAS,

		/** {@code WAITAOF}: fsynced to the append-only file (Redis and Valkey 7.2+). */
		AOF

	}

}
