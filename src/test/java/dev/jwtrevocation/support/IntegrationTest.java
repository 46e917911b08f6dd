package dev.jwtrevocation.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on a random port against the real Redis of {@link TestRedis}:
 * what a client sees over HTTP, what lands in Redis. A field of type {@link Api} is
 * filled before each test ({@link ApiExtension}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "jwt.secret=" + IntegrationTest.TEST_SECRET)
@ActiveProfiles(IntegrationTest.PROFILE)
@Import(TestRedisConfiguration.class)
@ExtendWith(ApiExtension.class)
public @interface IntegrationTest {

	/**
	 * The tests' profile ({@code application-test.yml}): lifts the per-address throttles,
	 * since every test client is 127.0.0.1.
	 */
	String PROFILE = "test";

	/** A fixed key for tests only; it signs nothing outside this build. */
	String TEST_SECRET = "fqNyID0t5FuguWRvUUrjIkUluK0qYJWbjxrQ+JsbHhS//mxi3uP87dOGuA4u754/";

}
