package dev.jwtrevocation.token;

import java.time.Clock;
import java.util.Locale;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.jwtrevocation.revocation.RevocationLifetimes;
import dev.jwtrevocation.revocation.RevocationMirror;
import dev.jwtrevocation.revocation.RevocationProperties;
import dev.jwtrevocation.revocation.RevocationStore;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Wires the revocation core to this application: the token lifetimes it needs, the Redis
 * client its mirror shares with the rest of the application, and what an operator sees of
 * it (a health component and gauges).
 */
@Configuration(proxyBeanMethods = false)
class RevocationConfiguration {

	@Bean
	RevocationMirror revocationMirror(RevocationProperties revocation, LettuceConnectionFactory connectionFactory,
			Clock clock) {
		return new RevocationMirror(revocation.mode() == RevocationProperties.Mode.MIRROR,
				connectionFactory::getRequiredNativeClient, revocation.mirrorLease(), clock);
	}

	@Bean
	RevocationStore revocationStore(StringRedisTemplate redis, RevocationMirror mirror, JwtProperties jwt,
			Clock clock) {
		return new RevocationStore(redis, mirror,
				new RevocationLifetimes(jwt.clockSkew(), jwt.accessTokenTtl(), jwt.refreshTokenTtl()), clock);
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
