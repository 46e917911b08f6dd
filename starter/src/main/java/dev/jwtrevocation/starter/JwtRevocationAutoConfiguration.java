package dev.jwtrevocation.starter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;

import dev.jwtrevocation.revocation.RevocationAutoConfiguration;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.revocation.TokenLifetimes;

/**
 * Makes a Spring Boot resource server honour jwt-revocation's revocations: the revocation
 * core as {@link RevocationAutoConfiguration} wires it for the service too (the same
 * in-memory mirror under the same leases, so a logout's 204 waits for this application as
 * well), connected to the same Redis through this application's
 * {@code spring.data.redis.*}, and a validator on Spring Security's resource-server
 * decoder ({@link AccessTokenDecoderAutoConfiguration}: Spring Boot's own, accepting the
 * {@code at+jwt} tokens of RFC 9068). No network call per request while the mirror holds
 * its lease.
 * <p>
 * Settings: those of the core ({@code revocation.mode}, {@code revocation.mirror-lease},
 * {@code jwt.access-token-ttl}, {@code jwt.refresh-token-ttl}, {@code jwt.clock-skew},
 * {@code jwt.provider-access-token-ttl}, with the service's defaults) and the starter's
 * ({@link JwtRevocationProperties}: which issuer type, which claims, several issuers);
 * {@code jwt.revocation.enabled=false} turns the core and with it the revocation check
 * off (the decoder stays).
 */
@AutoConfiguration(after = RevocationAutoConfiguration.class,
		beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass(Jwt.class)
@ConditionalOnBean(RevocationStore.class)
@EnableConfigurationProperties({ JwtRevocationProperties.class, OAuth2ResourceServerProperties.class })
public class JwtRevocationAutoConfiguration {

	/** Spring Security's filter chain is registered at -100: this one runs around it. */
	static final int FILTER_ORDER = -101;

	@Bean
	OAuth2TokenValidator<Jwt> revokedTokenValidator(RevocationStore revocations, JwtRevocationProperties properties,
			ObjectProvider<OAuth2ResourceServerProperties> resourceServer, TokenLifetimes lifetimes) {
		if (properties.issuerType() == IssuerType.JWT_REVOCATION) {
			return new RevokedTokenValidator(revocations);
		}
		OAuth2ResourceServerProperties server = resourceServer.getIfAvailable();
		String issuer = (server != null) ? server.getJwt().getIssuerUri() : null;
		Assert.state(issuer != null && !issuer.isEmpty(),
				"jwt.revocation.issuer-type=openid needs spring.security.oauth2.resourceserver.jwt.issuer-uri: "
						+ "the provider's subjects are namespaced by its issuer");
		return new RevokedTokenValidator(revocations,
				RevocableJwtReader.forProvider(issuer, properties.claims(), lifetimes.providerAccessTokenTtl()));
	}

	@Bean
	FilterRegistrationBean<RevocationUnavailableFilter> revocationUnavailableFilter() {
		FilterRegistrationBean<RevocationUnavailableFilter> registration = new FilterRegistrationBean<>(
				new RevocationUnavailableFilter());
		registration.setOrder(FILTER_ORDER);
		return registration;
	}

}
