package dev.jwtrevocation.support;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Points the application under test at {@link TestRedis}, whichever kind it is.
 * <p>
 * Plain connection details rather than {@code @ServiceConnection} on a container bean:
 * Spring Boot's Testcontainers support stops a container bean when its context closes,
 * {@code destroyMethod = ""} notwithstanding, and every cached context shares this one
 * container for the whole run.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestRedisConfiguration {

	@Bean
	DataRedisConnectionDetails testRedisConnectionDetails() {
		TestRedis redis = TestRedis.get();
		return new DataRedisConnectionDetails() {
			@Override
			public Standalone getStandalone() {
				return Standalone.of(redis.host(), redis.port());
			}
		};
	}

}
