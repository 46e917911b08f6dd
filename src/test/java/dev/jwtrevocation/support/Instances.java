package dev.jwtrevocation.support;

import java.util.ArrayList;
import java.util.List;

import dev.jwtrevocation.JwtRevocationApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whole instances of the service, started the way {@code java -jar} starts one, for tests
 * that need a Redis of their own (a replica, Sentinels, a Redis configured to be refused)
 * or several instances side by side; close each when done.
 */
public final class Instances {

	private Instances() {
	}

	/**
	 * An instance on a random port, signing with the test key, in the tests' profile.
	 * @param args further {@code --property=value} arguments, the Redis to use among them
	 */
	public static ConfigurableApplicationContext start(String... args) {
		return startOn(0, args);
	}

	/**
	 * An instance on {@code port}, for tests that must know its address before it starts
	 * (an issuer URL that names it).
	 * @param args further {@code --property=value} arguments, the Redis to use among them
	 */
	public static ConfigurableApplicationContext startOn(int port, String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=" + port,
				"--jwt.secret=" + IntegrationTest.TEST_SECRET, "--spring.profiles.active=" + IntegrationTest.PROFILE));
		all.addAll(List.of(args));
		return new SpringApplication(JwtRevocationApplication.class).run(all.toArray(new String[0]));
	}

	/**
	 * The Redis at {@code 127.0.0.1:port}, as {@code SPRING_DATA_REDIS_URL} would say it.
	 */
	public static String redisAt(int port) {
		return "--spring.data.redis.url=redis://127.0.0.1:" + port;
	}

}
