package dev.jwtrevocation.revocation;

import java.time.Clock;
import java.util.Locale;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The revocation core, wired once for every application that uses it: the service that
 * writes revocations and every resource server (through the starter) that refuses them.
 * Its mirror and its durable writes use the application's own Lettuce client
 * ({@code spring.data.redis.*}); its settings are {@code revocation.*}
 * ({@link RevocationProperties}) and the tokens' lifetimes {@code jwt.*-ttl} and
 * {@code jwt.clock-skew} ({@link TokenLifetimes}). Where the application has Micrometer
 * or Spring Boot's health support, the core reports through them: meters
 * {@code jwt.revocation.*}, health components {@code revocationMirror} and
 * {@code revocationCheck}.
 * <p>
 * {@code jwt.revocation.enabled=false} leaves the core out (a resource server measured
 * without the check). An application adds to the core (the service revokes compromised
 * signing keys through the {@link RevocationStore}) and replaces a bean by declaring its
 * own; it never wires the core again.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(LettuceConnectionFactory.class)
@ConditionalOnBean(LettuceConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "jwt.revocation.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ RevocationProperties.class, TokenLifetimes.class })
public final class RevocationAutoConfiguration {

	/** Connections of their own for durable revocations: as many may wait at once. */
	private static final int DURABLE_WRITE_CONNECTIONS = 4;

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Without Micrometer: nothing is counted ({@link MetersConfiguration} otherwise). */
	@Bean
	@ConditionalOnMissingBean
	RevocationMetrics revocationMetricsNone() {
		return RevocationMetrics.NONE;
	}

	@Bean
	@ConditionalOnMissingBean
	RevocationKeys revocationKeys(RevocationProperties revocation) {
		return new RevocationKeys(revocation.keyNamespace());
	}

	@Bean
	@ConditionalOnMissingBean
	RevocationMirror revocationMirror(RevocationProperties revocation, RevocationKeys keys,
			LettuceConnectionFactory connectionFactory, Clock clock, RevocationMetrics metrics,
			TokenLifetimes lifetimes) {
		return new RevocationMirror(revocation.mode() == RevocationProperties.Mode.MIRROR, keys,
				connectionFactory::getRequiredNativeClient, revocation.mirrorLease(), clock, metrics, lifetimes);
	}

	@Bean
	@ConditionalOnMissingBean
	AcknowledgedWrites acknowledgedWrites(RevocationProperties revocation, LettuceConnectionFactory connectionFactory) {
		return new AcknowledgedWrites(revocation.durability(), revocation.durabilityReplicas(),
				revocation.durabilityTimeout(), connectionFactory::getRequiredNativeClient, DURABLE_WRITE_CONNECTIONS);
	}

	@Bean
	@ConditionalOnMissingBean
	RevocationTrail revocationTrail(StringRedisTemplate redis, RevocationKeys keys, RevocationProperties revocation) {
		return new RevocationTrail(redis, keys, revocation.audit().maxEntries(), revocation.audit().retention());
	}

	/**
	 * Off on a cluster, where a script that writes a user's key cannot also append to a
	 * log in another slot.
	 */
	@Bean
	@ConditionalOnMissingBean
	ChangeLog revocationChangeLog(RevocationKeys keys, RevocationProperties revocation,
			LettuceConnectionFactory connectionFactory) {
		return connectionFactory.isClusterAware() ? ChangeLog.off(keys)
				: ChangeLog.of(keys, revocation.changeLog().maxEntries());
	}

	@Bean
	@ConditionalOnMissingBean
	RevocationStore revocationStore(StringRedisTemplate redis, RevocationMirror mirror, TokenLifetimes lifetimes,
			Clock clock, RevocationMetrics metrics, AcknowledgedWrites writes, RevocationTrail trail,
			ChangeLog changeLog) {
		return new RevocationStore(redis, mirror, lifetimes, clock, metrics, writes, trail, changeLog);
	}

	/**
	 * The core's events as Micrometer meters and its mirror's state as gauges, where the
	 * application has Micrometer (every check is then counted: see
	 * {@link RevocationMeters}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RevocationMetrics revocationMetrics(ObjectProvider<MeterRegistry> registry) {
			MeterRegistry meters = registry.getIfAvailable();
			return (meters != null) ? new RevocationMeters(meters) : RevocationMetrics.NONE;
		}

		@Bean
		MeterBinder revocationMirrorMetrics(RevocationMirror mirror) {
			return (registry) -> bind(registry, mirror);
		}

		private static void bind(MeterRegistry registry, RevocationMirror mirror) {
			Gauge.builder("jwt.revocation.mirror.trusted", mirror, (m) -> m.isTrusted() ? 1 : 0)
				.description("1 while the in-memory copy answers the revocation check, 0 while requests ask Redis")
				.register(registry);
			Gauge
				.builder("jwt.revocation.mirror.supported", mirror,
						(m) -> (m.state() == RevocationMirror.State.UNSUPPORTED) ? 0 : 1)
				.description("0 when Redis is of a kind the mirror cannot follow (then every request asks Redis)")
				.register(registry);
			Gauge.builder("jwt.revocation.mirror.entries", mirror, RevocationMirror::size)
				.description("Revocations held in the in-memory copy")
				.register(registry);
			Gauge.builder("jwt.revocation.mirror.lease.age", mirror, RevocationMirror::leaseAgeMillis)
				.description("Milliseconds since the mirror's lease was last renewed, -1 without a lease")
				.baseUnit("milliseconds")
				.register(registry);
		}

	}

	/**
	 * What an orchestrator and an operator see of the core, where the application has
	 * health support.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HealthConfiguration {

		/**
		 * Always UP: without its copy the application still answers, one round trip per
		 * request. The details say whether the copy answers and why not.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "revocationMirrorHealthIndicator")
		HealthIndicator revocationMirrorHealthIndicator(RevocationMirror mirror, RevocationProperties revocation) {
			return () -> Health.up()
				.withDetail("mode", revocation.mode().name().toLowerCase(Locale.ROOT))
				.withDetail("state", mirror.state().name().toLowerCase(Locale.ROOT))
				.withDetail("reason", mirror.reason())
				.withDetail("entries", mirror.size())
				.withDetail("leaseAgeMs", mirror.leaseAgeMillis())
				.build();
		}

		/**
		 * Whether a bearer token can be checked at all: UP while the copy answers or
		 * Redis does, DOWN only when neither can (every authenticated request is then a
		 * 503). A readiness group built on it takes an instance out of the load balancer
		 * only when it cannot serve; liveness must never include it, so that an outage of
		 * Redis does not make an orchestrator restart healthy instances.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "revocationCheckHealthIndicator")
		HealthIndicator revocationCheckHealthIndicator(RevocationMirror mirror, StringRedisTemplate redis) {
			return () -> {
				if (mirror.isTrusted()) {
					return Health.up().withDetail("answeredBy", "copy").build();
				}
				try {
					redis.execute((RedisCallback<String>) RedisConnection::ping);
					return Health.up().withDetail("answeredBy", "redis").build();
				}
				catch (DataAccessException ex) {
					return Health.down().withDetail("answeredBy", "nothing").build();
				}
			};
		}

	}

}
