package dev.jwtrevocation.starter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

/**
 * The decoder for {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, as Spring
 * Boot builds it, with one difference: it accepts the {@code typ} of RFC 9068 access
 * tokens, {@code at+jwt}, and only that (§4: a resource server must check it, so that an
 * ID token or another JWT signed by the same key is not taken for an access token).
 * Spring Boot 4's own decoder requires {@code typ: JWT} and refuses every RFC 9068 token
 * (spring-boot issue 48301). Issuer, audiences ({@code ...jwt.audiences}), timestamps and
 * every {@code OAuth2TokenValidator<Jwt>} bean (the revocation check among them) are
 * validated as Boot would. A {@code JwtDecoder} bean of the application's own wins.
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass(NimbusJwtDecoder.class)
@ConditionalOnProperty(name = "spring.security.oauth2.resourceserver.jwt.issuer-uri")
@EnableConfigurationProperties(OAuth2ResourceServerProperties.class)
public class AccessTokenDecoderAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties,
			ObjectProvider<OAuth2TokenValidator<Jwt>> additionalValidators) {
		OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
		String issuer = jwt.getIssuerUri();
		List<String> audiences = jwt.getAudiences();
		return new SupplierJwtDecoder(() -> {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
			List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
			validators.add(new JwtIssuerValidator(issuer));
			validators.add(new JwtTypeValidator("at+jwt", "application/at+jwt"));
			if (!audiences.isEmpty()) {
				validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(aud) -> aud != null && !Collections.disjoint(aud, audiences)));
			}
			additionalValidators.orderedStream().forEach(validators::add);
			decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(validators));
			return decoder;
		});
	}

}
