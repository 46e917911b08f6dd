package dev.jwtrevocation.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import redis.embedded.RedisServer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The {@code dev} profile's Redis: a real redis-server process, from the embedded-redis
 * artifact, started with the application and stopped with it, so that
 * {@code ./mvnw spring-boot:run} works on a machine with only a JDK. If something already
 * listens on the configured port (a Redis of yours, {@code docker compose up valkey}),
 * that one is used instead.
 * <p>
 * Never active in production: the profile must be chosen, and the packaged jar does not
 * even contain the binary.
 */
@Profile("dev")
@ConditionalOnClass(RedisServer.class)
@Configuration(proxyBeanMethods = false)
class EmbeddedRedisConfiguration {

	private static final Log logger = LogFactory.getLog(EmbeddedRedisConfiguration.class);

	@Bean
	EmbeddedRedis embeddedRedis(DataRedisConnectionDetails connection) throws IOException {
		// the address the application will connect to, from SPRING_DATA_REDIS_URL or
		// _HOST and _PORT alike
		String host = connection.getStandalone().getHost();
		int port = connection.getStandalone().getPort();
		if (isListening(host, port)) {
			logger.info("dev profile: using the Redis already listening on " + host + ":" + port);
			return new EmbeddedRedis(null);
		}
		RedisServer server = RedisServer.newRedisServer()
			.bind("127.0.0.1")
			.port(port)
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		server.start();
		logger.info("dev profile: started an embedded redis-server on 127.0.0.1:" + port);
		return new EmbeddedRedis(server);
	}

	private static boolean isListening(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Stops the server this profile started, if it started one, when the context closes.
	 */
	static final class EmbeddedRedis implements DisposableBean {

		private final RedisServer server;

		EmbeddedRedis(RedisServer server) {
			this.server = server;
		}

		@Override
		public void destroy() throws IOException {
			if (this.server != null) {
				this.server.stop();
			}
		}

	}

}
