package dev.jwtrevocation.starter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.util.Assert;

import dev.jwtrevocation.revocation.RevocationAutoConfiguration;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.revocation.TokenLifetimes;

/**
 * A resource server that accepts the tokens of several issuers
 * ({@code jwt.revocation.issuers[n].*}): one decoder per issuer, each checking
 * revocations its issuer's way, behind Spring Security's
 * {@link JwtIssuerAuthenticationManagerResolver}, which an application hands to
 * {@code http.oauth2ResourceServer((server) -> server.authenticationManagerResolver(resolver))}.
 * A token whose {@code iss} is not listed is a 401; nothing is ever fetched from an
 * issuer that is not listed.
 */
@AutoConfiguration(after = RevocationAutoConfiguration.class)
@ConditionalOnClass(JwtIssuerAuthenticationManagerResolver.class)
@ConditionalOnProperty(name = "jwt.revocation.issuers[0].issuer-uri")
@EnableConfigurationProperties({ JwtRevocationProperties.class, TokenLifetimes.class })
public class MultipleIssuersAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JwtIssuerAuthenticationManagerResolver jwtIssuerAuthenticationManagerResolver(JwtRevocationProperties properties,
			ObjectProvider<RevocationStore> revocations, TokenLifetimes lifetimes) {
		RevocationStore store = revocations.getIfAvailable();
		Map<String, AuthenticationManager> managers = new HashMap<>();
		for (JwtRevocationProperties.Issuer issuer : properties.issuers()) {
			Assert.state(!managers.containsKey(issuer.issuerUri()),
					() -> "jwt.revocation.issuers lists " + issuer.issuerUri() + " twice");
			List<OAuth2TokenValidator<Jwt>> validators = (store != null && properties.enabled())
					? List.of(new RevokedTokenValidator(store, RevocableJwtReader.of(issuer.type(), issuer.issuerUri(),
							issuer.claims(), lifetimes.providerAccessTokenTtl())))
					: List.of();
			JwtAuthenticationProvider provider = new JwtAuthenticationProvider(
					AccessTokenDecoders.decoder(issuer.issuerUri(), issuer.audiences(), issuer.acceptedTokenTypes(),
							validators, properties.verifiedTokenCache()));
			managers.put(issuer.issuerUri(), provider::authenticate);
		}
		return new JwtIssuerAuthenticationManagerResolver(managers::get);
	}

}
