package dev.jwtrevocation.ssf;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.jwtrevocation.redis.RedisKeys;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.system.PublicUrl;
import dev.jwtrevocation.token.EventSigningKeys;
import dev.jwtrevocation.token.JwtProperties;

/**
 * The Shared Signals transmitter, wired once: the streams in Redis, the audit trail as
 * their outbox, the events and their signatures, and push delivery.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TransmitterProperties.class)
class TransmitterConfiguration {

	@Bean
	Transmitter transmitter(StringRedisTemplate redis, RedisKeys redisKeys, RevocationStore revocations,
			EventSigningKeys keys, JwtProperties jwt, TransmitterProperties properties, Clock clock) {
		return new Transmitter(new EventStreamStore(redis, redisKeys), revocations.trail(),
				new CaepEvents(jwt.issuer(), properties.emailSubjects()),
				new SecurityEventTokens(keys, jwt.issuer(), clock), properties, properties.clientIssuers(),
				PublicUrl.of(jwt.issuer()));
	}

	@Bean
	PushDelivery pushDelivery(Transmitter transmitter, TransmitterProperties properties,
			ObjectProvider<MeterRegistry> registry, Clock clock) {
		return new PushDelivery(transmitter, properties,
				new SignalDeliveryMeters(registry.getIfAvailable(SimpleMeterRegistry::new)), clock);
	}

}
