package dev.jwtrevocation.starter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
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
 * One issuer's decoder, built as Spring Boot builds its own: discovery and keys from the
 * issuer, fetched at the first token (a provider that is down does not stop the
 * application), then issuer, {@code typ}, audiences and timestamps validated, then the
 * given validators (the revocation check among them), on every request; the signature
 * once per token while the verified-token cache remembers it
 * ({@link VerifiedTokenCache}).
 */
final class AccessTokenDecoders {

	private AccessTokenDecoders() {
	}

	/**
	 * @param issuer the issuer identifier, the only place discovery and keys come from
	 * @param audiences one of which {@code aud} must contain; empty: any
	 * @param tokenTypes the accepted {@code typ} headers
	 * @param validators what else is validated, after the rest
	 * @param cache whether and how verified tokens are remembered
	 */
	static JwtDecoder decoder(String issuer, List<String> audiences, List<String> tokenTypes,
			List<OAuth2TokenValidator<Jwt>> validators, JwtRevocationProperties.VerifiedTokenCacheSettings cache) {
		List<OAuth2TokenValidator<Jwt>> all = new ArrayList<>();
		all.add(new JwtIssuerValidator(issuer));
		all.add(new JwtTypeValidator(tokenTypes));
		if (!audiences.isEmpty()) {
			all.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					(aud) -> aud != null && !Collections.disjoint(aud, audiences)));
		}
		all.addAll(validators);
		OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithValidators(all);
		if (!cache.enabled()) {
			return new SupplierJwtDecoder(() -> {
				NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
				decoder.setJwtValidator(validator);
				return decoder;
			});
		}
		// the signature and the parsing only: the cache runs every rule on every request
		JwtDecoder verifier = new SupplierJwtDecoder(() -> {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
			decoder.setJwtValidator((jwt) -> OAuth2TokenValidatorResult.success());
			return decoder;
		});
		return new VerifiedTokenCache(verifier, validator, cache.maxBytes().toBytes(), cache.maxAge(),
				System::nanoTime);
	}

}
