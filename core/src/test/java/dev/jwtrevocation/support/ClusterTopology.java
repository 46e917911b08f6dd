package dev.jwtrevocation.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.lettuce.core.cluster.SlotHash;

import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster of three primaries with one replica each, all Debian redis-server
 * processes on loopback, built the way an operator builds one ({@code redis-cli --cluster
 * create}), that a test can fail over and reshard.
 */
public final class ClusterTopology implements AutoCloseable {

	private static final java.nio.file.Path CLI = java.nio.file.Path.of("/usr/bin/redis-cli");

	private final List<RedisProcess> nodes = new ArrayList<>();

	private ClusterTopology() {
	}

	/** Whether this machine can build one: Debian's redis-server and redis-cli. */
	public static boolean available() {
		return java.nio.file.Files.isExecutable(RedisProcess.DEBIAN_BINARY) && java.nio.file.Files.isExecutable(CLI);
	}

	public static ClusterTopology start() {
		ClusterTopology cluster = new ClusterTopology();
		try {
			for (int i = 0; i < 6; i++) {
				cluster.nodes.add(RedisProcess.start(RedisProcess.DEBIAN_BINARY, false, "--cluster-enabled", "yes",
						"--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000", "--cluster-port",
						String.valueOf(RedisProcess.freePort()), "--repl-diskless-sync-delay", "0"));
			}
			List<String> create = new ArrayList<>(List.of(CLI.toString(), "--cluster", "create"));
			cluster.nodes.forEach((node) -> create.add("127.0.0.1:" + node.port()));
			create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
			run(create);
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> cluster.nodes.stream().allMatch((node) -> cluster.isSettled(node.port())));
			return cluster;
		}
		catch (IOException ex) {
			cluster.close();
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/** {@code host:port,...} for {@code spring.data.redis.cluster.nodes}. */
	public String nodes() {
		return this.nodes.stream().map((node) -> "127.0.0.1:" + node.port()).collect(Collectors.joining(","));
	}

	public List<Integer> ports() {
		return this.nodes.stream().map(RedisProcess::port).toList();
	}

	/** The port of the primary that holds {@code key} now. */
	public int primaryOf(String key) {
		int slot = SlotHash.getSlot(key);
		for (String line : command(this.nodes.get(0).port(), "CLUSTER", "NODES").split("\n")) {
			String[] fields = line.split(" ");
			if (!fields[2].contains("master") || fields[2].contains("fail")) {
				continue;
			}
			for (int i = 8; i < fields.length; i++) {
				String[] range = fields[i].split("-");
				if (range[0].startsWith("[")) {
					continue;
				}
				int from = Integer.parseInt(range[0]);
				int to = Integer.parseInt(range[range.length - 1]);
				if (slot >= from && slot <= to) {
					return Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
				}
			}
		}
		throw new IllegalStateException("no primary holds slot " + slot);
	}

	/** The replica of the primary on {@code primaryPort}. */
	public int replicaOf(int primaryPort) {
		String id = command(primaryPort, "CLUSTER", "MYID");
		for (String line : command(primaryPort, "CLUSTER", "NODES").split("\n")) {
			String[] fields = line.split(" ");
			if (fields[3].equals(id) && !fields[2].contains("fail")) {
				return Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
			}
		}
		throw new IllegalStateException("the primary on " + primaryPort + " has no replica");
	}

	/**
	 * A manual failover ({@code CLUSTER FAILOVER} on the replica): returns once the
	 * replica is the primary and every node agrees.
	 * @return the port of the new primary
	 */
	public int failOver(int primaryPort) {
		int replica = replicaOf(primaryPort);
		command(replica, "CLUSTER", "FAILOVER");
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> command(replica, "ROLE").startsWith("master") && this.nodes.stream()
				.allMatch((node) -> isSettled(node.port()) && !command(node.port(), "CLUSTER", "NODES").lines()
					.anyMatch((line) -> line.contains(":" + primaryPort + "@") && line.contains("master"))));
		return replica;
	}

	/**
	 * Moves one slot, with its keys, from the primary on {@code fromPort} to the one on
	 * {@code toPort} the way {@code redis-cli --cluster reshard} does: IMPORTING,
	 * MIGRATING, MIGRATE of every key, then SETSLOT NODE on both.
	 */
	public void migrateSlot(int slot, int fromPort, int toPort) {
		String from = command(fromPort, "CLUSTER", "MYID");
		String to = command(toPort, "CLUSTER", "MYID");
		command(toPort, "CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", from);
		command(fromPort, "CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", to);
		while (true) {
			String keys = command(fromPort, "CLUSTER", "GETKEYSINSLOT", String.valueOf(slot), "100");
			if (keys.isEmpty()) {
				break;
			}
			for (String key : keys.split("\n")) {
				command(fromPort, "MIGRATE", "127.0.0.1", String.valueOf(toPort), key, "0", "5000");
			}
		}
		command(toPort, "CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", to);
		command(fromPort, "CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", to);
		for (RedisProcess node : this.nodes) {
			if (node.port() != fromPort && node.port() != toPort && isPrimary(node.port())) {
				command(node.port(), "CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", to);
			}
		}
	}

	/** Freezes the node on {@code port} (SIGSTOP). */
	public void pause(int port) {
		node(port).pause();
	}

	public void resume(int port) {
		node(port).resume();
	}

	private RedisProcess node(int port) {
		return this.nodes.stream().filter((node) -> node.port() == port).findFirst().orElseThrow();
	}

	/**
	 * The keys the node on {@code port} holds that match {@code pattern} (a SCAN: no
	 * redirection).
	 */
	public static List<String> keys(int port, String pattern) {
		return command(port, "--scan", "--pattern", pattern).lines().filter((key) -> !key.isBlank()).toList();
	}

	public List<Integer> primaries() {
		return ports().stream().filter(this::isPrimary).toList();
	}

	private boolean isPrimary(int port) {
		return command(port, "ROLE").startsWith("master");
	}

	private boolean isSettled(int port) {
		String info = command(port, "CLUSTER", "INFO");
		return info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384");
	}

	/**
	 * Sends one command to the node on {@code port} with {@code redis-cli} and answers
	 * its output, one line per element of an array reply.
	 */
	public static String command(int port, String... args) {
		List<String> command = new ArrayList<>(List.of(CLI.toString(), "-p", String.valueOf(port)));
		command.addAll(List.of(args));
		try {
			return run(command).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String run(List<String> command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			String output = new String(process.getInputStream().readAllBytes());
			if (process.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
			}
			return output;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.nodes.forEach(RedisProcess::close);
	}

}
