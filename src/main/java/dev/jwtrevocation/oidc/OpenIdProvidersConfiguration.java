package dev.jwtrevocation.oidc;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.jwtrevocation.redis.RedisKeys;

import dev.jwtrevocation.revocation.TokenLifetimes;

/**
 * The receivers of OpenID providers' logouts: the providers and their keys, their health
 * and meters, and how logout tokens are checked and replays refused.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpenIdProviderProperties.class)
class OpenIdProvidersConfiguration {

	@Bean
	OpenIdProviders openIdProviders(OpenIdProviderProperties properties, Clock clock) {
		return new OpenIdProviders(properties, clock);
	}

	@Bean
	LogoutTokenValidator logoutTokenValidator(Clock clock, TokenLifetimes lifetimes) {
		return new LogoutTokenValidator(clock, lifetimes.clockSkew());
	}

	@Bean
	SecurityEventValidator securityEventValidator(Clock clock, TokenLifetimes lifetimes) {
		return new SecurityEventValidator(clock, lifetimes.clockSkew());
	}

	@Bean
	SignalReplays signalReplays(StringRedisTemplate redis, RedisKeys redisKeys, Clock clock) {
		return new SignalReplays(redis, redisKeys, clock);
	}

	@Bean
	SignalMeters signalMeters(org.springframework.beans.factory.ObjectProvider<MeterRegistry> registry,
			OpenIdProviders providers) {
		MeterRegistry meters = registry.getIfAvailable();
		if (meters != null) {
			providers.all()
				.forEach((issuer, keys) -> Gauge
					.builder("jwt.revocation.provider.reachable", keys, (provider) -> provider.isReachable() ? 1 : 0)
					.description("Whether the OpenID provider's discovery and keys were fetched last time (1) or not")
					.tag("provider", issuer)
					.register(meters));
		}
		return new SignalMeters(meters, providers.all().keySet());
	}

	@Bean
	SecurityEventStreams securityEventStreams(OpenIdProviders providers, SecurityEventValidator validator,
			SignalReplays replays, ProviderRevocations revocations, SignalMeters meters, Clock clock,
			TokenLifetimes lifetimes) {
		return new SecurityEventStreams(providers, validator, replays, revocations, meters, clock,
				lifetimes.clockSkew());
	}

	/**
	 * {@code openidProviders}: each configured provider, reachable or not. A provider
	 * that cannot be reached makes the component UNKNOWN, not DOWN: the service still
	 * answers everything else, and refuses that provider's logout tokens until it is
	 * reached.
	 */
	@Bean
	HealthIndicator openidProvidersHealthIndicator(OpenIdProviders providers, SecurityEventStreams streams) {
		return () -> {
			Map<String, Object> details = new LinkedHashMap<>();
			Map<String, String> streamStates = streams.states();
			boolean allReachable = true;
			for (Map.Entry<String, ProviderKeys> entry : providers.all().entrySet()) {
				ProviderKeys keys = entry.getValue();
				allReachable &= keys.isReachable();
				Map<String, Object> provider = new LinkedHashMap<>();
				provider.put("reachable", keys.isReachable());
				if (keys.isReachable()) {
					provider.put("keys", keys.keys().getKeys().size());
				}
				else {
					provider.put("failure", keys.failure());
				}
				if (streamStates.containsKey(entry.getKey())) {
					String stream = streamStates.get(entry.getKey());
					provider.put("ssfStream", stream);
					allReachable &= "ready".equals(stream);
				}
				details.put(entry.getKey(), provider);
			}
			return Health.status(allReachable ? Status.UP : Status.UNKNOWN).withDetails(details).build();
		};
	}

}
