package dev.jwtrevocation.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.resource.Delay;

import dev.jwtrevocation.revocation.RevocationKeys;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes Lettuce fail fast, which is what lets the service fail closed quickly.
 * <p>
 * By default Lettuce queues commands while it reconnects, so a request would wait out the
 * whole command timeout before it learns Redis is gone; rejecting them turns an outage
 * into an immediate 503. Bounded timeouts ({@code spring.data.redis.timeout} and
 * {@code connect-timeout} in application.yml) cover a Redis that is reachable but stalls.
 * Reconnect attempts back off to at most one second, so the service recovers within about
 * a second of Redis coming back.
 * <p>
 * Also names the application's keys ({@link RedisKeys}) under the revocation core's
 * namespace.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

	@Bean
	RedisKeys redisKeys(RevocationKeys revocationKeys) {
		return new RedisKeys(revocationKeys);
	}

	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhenDisconnected() {
		return (options) -> options.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS);
	}

	@Bean
	ClientResourcesBuilderCustomizer quickReconnect() {
		return (resources) -> resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
	}

}
