package dev.jwtrevocation.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server process of its own, for a test that needs a server set up differently
 * from the shared one ({@link TestRedis}): TLS, cluster mode, ACL users. It runs the
 * binary given (Debian's {@code redis-server}, which {@code .ci/run} installs and which
 * has TLS, or the one of the embedded-redis artifact), on a free loopback port, with its
 * log in a file the test can read.
 */
public final class RedisProcess implements AutoCloseable {

	/** Where Debian's package puts it; built with TLS. */
	public static final Path DEBIAN_BINARY = Path.of("/usr/bin/redis-server");

	private final Process process;

	private final int port;

	private final Path directory;

	private RedisProcess(Process process, int port, Path directory) {
		this.process = process;
		this.port = port;
		this.directory = directory;
	}

	/**
	 * Starts the binary with {@code --port <free port>} (or, with {@code tlsPort},
	 * {@code --port 0 --tls-port <free port>}) followed by {@code args}, and waits until
	 * it accepts connections.
	 */
	public static RedisProcess start(Path binary, boolean tlsPort, String... args) {
		try {
			int port = freePort();
			Path directory = Files.createTempDirectory("jwt-revocation-redis-process");
			List<String> command = new ArrayList<>(
					List.of(binary.toString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
							directory.toString(), "--logfile", directory.resolve("redis.log").toString()));
			command.addAll(tlsPort ? List.of("--port", "0", "--tls-port", String.valueOf(port))
					: List.of("--port", String.valueOf(port)));
			command.addAll(List.of(args));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(directory.resolve("stdout.log").toFile())
				.start();
			RedisProcess redis = new RedisProcess(process, port, directory);
			redis.awaitReady();
			return redis;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	public Path directory() {
		return this.directory;
	}

	public String log() {
		try {
			Path log = this.directory.resolve("redis.log");
			return Files.exists(log) ? Files.readString(log) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Kills the process at once (SIGKILL): no shutdown, no final write. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Starts {@code redis-server <config> --sentinel}: a Sentinel whose configuration
	 * file (written here, and rewritten by the Sentinel as it learns) monitors
	 * {@code master}.
	 */
	public static RedisProcess startSentinel(Path binary, String master, int masterPort, int downAfterMillis) {
		try {
			int port = freePort();
			Path directory = Files.createTempDirectory("jwt-revocation-sentinel");
			Path config = directory.resolve("sentinel.conf");
			Files.writeString(config, String.join("\n", "port " + port, "bind 127.0.0.1", "dir " + directory,
					"logfile " + directory.resolve("redis.log"),
					"sentinel monitor " + master + " 127.0.0.1 " + masterPort + " 2",
					"sentinel down-after-milliseconds " + master + " " + downAfterMillis,
					"sentinel failover-timeout " + master + " 5000", "sentinel parallel-syncs " + master + " 1", ""));
			Process process = new ProcessBuilder(binary.toString(), config.toString(), "--sentinel")
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("stdout.log").toFile())
				.start();
			RedisProcess sentinel = new RedisProcess(process, port, directory);
			sentinel.awaitLog("+monitor master");
			return sentinel;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Freezes the process (SIGSTOP): it keeps its sockets but answers nothing. */
	public void pause() {
		signal("-STOP");
	}

	/** Lets a paused process go on (SIGCONT). */
	public void resume() {
		signal("-CONT");
	}

	private void signal(String signal) {
		try {
			new ProcessBuilder("kill", signal, String.valueOf(this.process.pid())).start().waitFor();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		resume();
		this.process.destroy();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitReady() {
		awaitLog("Ready to accept connections");
	}

	private void awaitLog(String line) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			if (log().contains(line)) {
				return;
			}
			if (!this.process.isAlive()) {
				break;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		String stdout;
		try {
			stdout = Files.readString(this.directory.resolve("stdout.log"));
		}
		catch (IOException ex) {
			stdout = "";
		}
		close();
		throw new IllegalStateException("redis-server did not start: " + log() + stdout);
	}

	/** A loopback port nobody listens on right now. */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
