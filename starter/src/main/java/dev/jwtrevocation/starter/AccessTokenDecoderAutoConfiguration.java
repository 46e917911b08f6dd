package dev.jwtrevocation.starter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The decoder for {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, as Spring
 * Boot builds it, with one difference: the {@code typ} headers it accepts are the issuer
 * type's ({@code jwt.revocation.issuer-type}) or {@code jwt.revocation.token-types}. For
 * jwt-revocation's own tokens that is the {@code typ} of RFC 9068 access tokens,
 * {@code at+jwt}, and only that (§4: a resource server must check it, so that an ID token
 * or another JWT signed by the same key is not taken for an access token); Spring Boot
 * 4's own decoder requires {@code typ: JWT} and refuses every RFC 9068 token (spring-boot
 * issue 48301). For an OpenID provider, {@code JWT} too: Keycloak sends it. Issuer,
 * audiences ({@code ...jwt.audiences}), timestamps and every
 * {@code OAuth2TokenValidator<Jwt>} bean (the revocation check among them) are validated
 * as Boot would. A {@code JwtDecoder} bean of the application's own wins.
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass(NimbusJwtDecoder.class)
@ConditionalOnProperty(name = "spring.security.oauth2.resourceserver.jwt.issuer-uri")
@EnableConfigurationProperties({ OAuth2ResourceServerProperties.class, JwtRevocationProperties.class })
public class AccessTokenDecoderAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties, JwtRevocationProperties revocation,
			ObjectProvider<OAuth2TokenValidator<Jwt>> additionalValidators) {
		OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
		return AccessTokenDecoders.decoder(jwt.getIssuerUri(), jwt.getAudiences(), revocation.acceptedTokenTypes(),
				additionalValidators.orderedStream().toList(), revocation.verifiedTokenCache());
	}

}
