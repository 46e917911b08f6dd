package dev.jwtrevocation.token;

import java.time.Clock;
import java.util.Locale;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.jwtrevocation.revocation.AcknowledgedWrites;
import dev.jwtrevocation.revocation.RevocationLifetimes;
import dev.jwtrevocation.revocation.RevocationMetrics;
import dev.jwtrevocation.revocation.RevocationMirror;
import dev.jwtrevocation.revocation.RevocationProperties;
import dev.jwtrevocation.revocation.RevocationStore;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Wires the revocation core to this application: the token lifetimes it needs, the Redis
 * client its mirror shares with the rest of the application, and what an operator sees of
 * it (a health component and gauges).
 */
@Configuration(proxyBeanMethods = false)
class RevocationConfiguration {

	@Bean
	RevocationMeters revocationMeters(MeterRegistry registry) {
		return new RevocationMeters(registry);
	}

	@Bean
	RevocationMirror revocationMirror(RevocationProperties revocation, LettuceConnectionFactory connectionFactory,
			Clock clock, RevocationMetrics metrics) {
		return new RevocationMirror(revocation.mode() == RevocationProperties.Mode.MIRROR,
				connectionFactory::getRequiredNativeClient, revocation.mirrorLease(), clock, metrics);
	}

	/** Connections of their own for durable revocations: as many may wait at once. */
	private static final int DURABLE_WRITE_CONNECTIONS = 4;

	@Bean
	AcknowledgedWrites acknowledgedWrites(RevocationProperties revocation, LettuceConnectionFactory connectionFactory) {
		return new AcknowledgedWrites(revocation.durability(), revocation.durabilityReplicas(),
				revocation.durabilityTimeout(), connectionFactory::getRequiredNativeClient, DURABLE_WRITE_CONNECTIONS);
	}

	@Bean
	RevocationStore revocationStore(StringRedisTemplate redis, RevocationMirror mirror, JwtProperties jwt, Clock clock,
			RevocationMetrics metrics, AcknowledgedWrites writes) {
		return new RevocationStore(redis, mirror,
				new RevocationLifetimes(jwt.clockSkew(), jwt.accessTokenTtl(), jwt.refreshTokenTtl()), clock, metrics,
				writes);
	}

	@Bean
	CompromisedKeys compromisedKeys(RevocationStore store, JwtProperties jwt) {
		return new CompromisedKeys(store, jwt.compromisedKeys(), jwt.compromisedKeyRevocation());
	}

	/**
	 * Always UP: without its copy the service still answers, one round trip per request.
	 * The details say whether the copy answers and why not.
	 */
	@Bean
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
	 * Whether a bearer token can be checked at all: UP while the copy answers or Redis
	 * does, DOWN only when neither can (every authenticated request is then a 503). The
	 * readiness group is built on it, so an instance leaves the load balancer only when
	 * it cannot serve; liveness never includes it, so an outage of Redis does not make an
	 * orchestrator restart healthy instances.
	 */
	@Bean
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
