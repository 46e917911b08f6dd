package dev.jwtrevocation.starter;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.jwtrevocation.revocation.RevocationLifetimes;
import dev.jwtrevocation.revocation.RevocationMirror;
import dev.jwtrevocation.revocation.RevocationProperties;
import dev.jwtrevocation.revocation.RevocationStore;

/**
 * Makes a Spring Boot resource server honour jwt-revocation's revocations: the service's
 * own revocation core (the same in-memory mirror under the same leases, so a logout's 204
 * waits for this service too), connected to the same Redis through this application's
 * {@code spring.data.redis.*}, and a validator on Spring Security's resource-server
 * decoder ({@link AccessTokenDecoderAutoConfiguration}: Spring Boot's own, accepting the
 * {@code at+jwt} tokens of RFC 9068). No network call per request while the mirror holds
 * its lease.
 * <p>
 * Settings: {@code revocation.mode} ({@code mirror} or {@code strict}) and
 * {@code revocation.mirror-lease}, as in the service;
 * {@code jwt.revocation.enabled=false} turns the revocation check off (the decoder
 * stays).
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass({ Jwt.class, LettuceConnectionFactory.class })
@ConditionalOnBooleanProperty(name = "jwt.revocation.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RevocationProperties.class)
public class JwtRevocationAutoConfiguration {

	/** Spring Security's filter chain is registered at -100: this one runs around it. */
	static final int FILTER_ORDER = -101;

	@Bean
	@ConditionalOnMissingBean
	RevocationMirror revocationMirror(RevocationProperties revocation, LettuceConnectionFactory connectionFactory) {
		return new RevocationMirror(revocation.mode() == RevocationProperties.Mode.MIRROR,
				connectionFactory::getRequiredNativeClient, revocation.mirrorLease(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	RevocationStore revocationStore(StringRedisTemplate redis, RevocationMirror mirror) {
		// only read here: the lifetimes matter to revocations this application never
		// writes
		return new RevocationStore(redis, mirror,
				new RevocationLifetimes(Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofDays(7)),
				Clock.systemUTC());
	}

	@Bean
	OAuth2TokenValidator<Jwt> revokedTokenValidator(RevocationStore revocations) {
		return new RevokedTokenValidator(revocations);
	}

	@Bean
	FilterRegistrationBean<RevocationUnavailableFilter> revocationUnavailableFilter() {
		FilterRegistrationBean<RevocationUnavailableFilter> registration = new FilterRegistrationBean<>(
				new RevocationUnavailableFilter());
		registration.setOrder(FILTER_ORDER);
		return registration;
	}

}
