package dev.jwtrevocation.support;

import org.testcontainers.containers.GenericContainer;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Points the application under test at {@link TestRedis}: through
 * {@code @ServiceConnection} when it is a container, through plain connection details
 * when it is the embedded server.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestRedisConfiguration {

	// the container is shared by every cached context: closing one context must not stop
	// it
	@Bean(destroyMethod = "")
	@ServiceConnection(name = "redis")
	@Conditional(UsesContainer.class)
	GenericContainer<?> redisContainer() {
		return TestRedis.get().container();
	}

	@Bean
	@Conditional(UsesEmbedded.class)
	DataRedisConnectionDetails embeddedRedisConnectionDetails() {
		TestRedis redis = TestRedis.get();
		return new DataRedisConnectionDetails() {
			@Override
			public Standalone getStandalone() {
				return Standalone.of(redis.host(), redis.port());
			}
		};
	}

	static final class UsesContainer implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return TestRedis.get().isContainer();
		}

	}

	static final class UsesEmbedded implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !TestRedis.get().isContainer();
		}

	}

}
