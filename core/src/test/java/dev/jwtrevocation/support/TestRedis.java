package dev.jwtrevocation.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

import org.springframework.util.Assert;

/**
 * The one real Redis the integration tests share, and the one place that decides which
 * kind it is: a Testcontainers container of the image docker-compose.yml runs when a
 * Docker engine answers, otherwise a redis-server process from the embedded-redis
 * artifact. Either way the tests talk to a real server over TCP; nothing here is a mock.
 * <p>
 * The system property {@code test.redis} (or the environment variable {@code TEST_REDIS})
 * chooses explicitly: {@code container}, {@code embedded}, or the address of a Redis of
 * yours ({@code redis://host:port}; the outage tests, which must stop it, are then
 * skipped). Unset, a container is tried when an engine answers; when the engine answers
 * but the container cannot start (an image that cannot be pulled, a network setting), the
 * reason is logged before falling back to the embedded server.
 * <p>
 * {@link #stop()} and {@link #start()} simulate an outage: the embedded process is killed
 * and started again on the same port (keeping its data, as a persistent Redis would); the
 * container is paused and resumed, since a restarted container would get another port.
 */
public final class TestRedis {

	/** Same image as docker-compose.yml. */
	public static final String IMAGE = "valkey/valkey:8.1.7";

	private static final Log logger = LogFactory.getLog(TestRedis.class);

	private static TestRedis instance;

	private final GenericContainer<?> container;

	private final RedisServer server;

	private final int port;

	private final String host;

	private TestRedis(GenericContainer<?> container, RedisServer server, String host, int port) {
		this.container = container;
		this.server = server;
		this.host = host;
		this.port = port;
	}

	public static synchronized TestRedis get() {
		if (instance == null) {
			instance = start(choice());
		}
		return instance;
	}

	private static String choice() {
		String property = System.getProperty("test.redis");
		String chosen = (property != null) ? property : System.getenv("TEST_REDIS");
		return (chosen == null || chosen.isBlank()) ? "auto" : chosen.strip();
	}

	private static TestRedis start(String choice) {
		switch (choice) {
			case "auto":
				if (!dockerAvailable()) {
					logger.info("No Docker engine answered: integration tests use an embedded redis-server");
					return startEmbedded();
				}
				try {
					return startContainer();
				}
				catch (RuntimeException ex) {
					logger.warn("A Docker engine answered but the Redis container (" + IMAGE
							+ ") did not start; integration tests use an embedded redis-server instead. Set "
							+ "test.redis=container to make this an error. Cause: " + ex, ex);
					return startEmbedded();
				}
			case "container":
				return startContainer();
			case "embedded":
				return startEmbedded();
			default:
				URI uri = URI.create(choice);
				Assert.isTrue("redis".equals(uri.getScheme()) && uri.getHost() != null,
						() -> "test.redis must be " + "container, embedded or redis://host:port, not " + choice);
				logger.info("Integration tests use the Redis at " + uri.getHost() + ":" + uri.getPort());
				return new TestRedis(null, null, uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 6379);
		}
	}

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			logger.debug("Docker engine not available", ex);
			return false;
		}
	}

	private static TestRedis startContainer() {
		GenericContainer<?> container = new GenericContainer<>(IMAGE).withExposedPorts(6379);
		container.start();
		logger.info("Integration tests use Redis from Testcontainers (" + IMAGE + ") on port "
				+ container.getMappedPort(6379));
		return new TestRedis(container, null, container.getHost(), container.getMappedPort(6379));
	}

	/**
	 * Another embedded redis-server, of its own, for tests that need two deployments side
	 * by side (two services, each with its Redis) on a machine with only a JDK; close it
	 * when done.
	 */
	public static Standalone standalone() {
		int port = freePortUnchecked();
		return new Standalone(embedded(port, "save \"\""), port);
	}

	/**
	 * An embedded redis-server started by {@link #standalone()}.
	 *
	 * @param server the process
	 * @param port where it listens, on 127.0.0.1
	 */
	public record Standalone(RedisServer server, int port) implements AutoCloseable {

		/** As {@code spring.data.redis.url} takes it. */
		public String url() {
			return "redis://127.0.0.1:" + this.port;
		}

		@Override
		public void close() {
			stopQuietly(this.server);
		}

	}

	private static TestRedis startEmbedded() {
		int port = freePortUnchecked();
		RedisServer server = embedded(port, "appendonly yes", "appendfsync always");
		Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(server)));
		logger.info("Integration tests use an embedded redis-server on port " + port);
		return new TestRedis(null, server, "127.0.0.1", port);
	}

	/**
	 * The embedded-redis artifact's redis-server on 127.0.0.1, started, in a directory of
	 * its own.
	 */
	private static RedisServer embedded(int port, String... settings) {
		try {
			RedisServerBuilder builder = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(port)
				.setting("dir " + Files.createTempDirectory("jwt-revocation-redis"));
			for (String setting : settings) {
				builder.setting(setting);
			}
			RedisServer server = builder.build();
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePortUnchecked() {
		try {
			return freePort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public boolean isContainer() {
		return this.container != null;
	}

	public GenericContainer<?> container() {
		return this.container;
	}

	public String host() {
		return this.host;
	}

	/** Where the tests' Redis listens, as {@code spring.data.redis.url} says it. */
	public String url() {
		return "redis://" + host() + ":" + port();
	}

	public int port() {
		return this.port;
	}

	/**
	 * Makes Redis unreachable (embedded: process gone; container: paused, so calls
	 * stall).
	 */
	public void stop() throws IOException {
		requireControl();
		if (isContainer()) {
			this.container.getDockerClient().pauseContainerCmd(this.container.getContainerId()).exec();
		}
		else {
			this.server.stop();
		}
	}

	/** Brings Redis back, on the same address, with its data. */
	public void start() throws IOException {
		requireControl();
		if (isContainer()) {
			this.container.getDockerClient().unpauseContainerCmd(this.container.getContainerId()).exec();
		}
		else {
			this.server.start();
		}
	}

	private void requireControl() {
		if (this.container == null && this.server == null) {
			throw new TestAbortedException("test.redis names a Redis these tests cannot stop and start");
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void stopQuietly(RedisServer server) {
		try {
			server.stop();
		}
		catch (IOException ex) {
			// the JVM is exiting
		}
	}

}
