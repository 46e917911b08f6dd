package dev.jwtrevocation.token;

import java.time.Clock;

import io.lettuce.core.resource.ClientResources;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The in-memory denylist mirror. In {@code strict} mode it is created but never started,
 * so it is never trusted and every check goes to Redis.
 */
@Configuration(proxyBeanMethods = false)
class RevocationConfiguration {

	@Bean
	RevocationMirror revocationMirror(RevocationProperties revocation, JwtProperties jwt, Clock clock,
			DataRedisConnectionDetails connectionDetails, ClientResources clientResources) {
		return new RevocationMirror(revocation, jwt, clock, connectionDetails, clientResources);
	}

}
