package dev.jwtrevocation.token;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import dev.jwtrevocation.revocation.TokenLifetimes;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.support.TokenForge;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The access tokens follow the JWT profile for OAuth 2.0 access tokens (RFC 9068): Spring
 * Security's own at+jwt validator, the one a stock resource server uses, accepts them.
 */
class Rfc9068ConformanceTests {

	private final JwtProperties properties = new JwtProperties(IntegrationTest.TEST_SECRET, "jwt-revocation",
			"jwt-revocation-api", "jwt-revocation-client", List.of(), Duration.ofMinutes(5), 20_000, List.of());

	private final TokenLifetimes lifetimes = new TokenLifetimes(Duration.ofSeconds(30), Duration.ofMinutes(15),
			Duration.ofDays(7));

	private final SecretKeySpec key = new SecretKeySpec(Base64.getDecoder().decode(IntegrationTest.TEST_SECRET),
			"HmacSHA256");

	private final NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(this.key)
		.macAlgorithm(MacAlgorithm.HS256)
		.build();

	{
		this.decoder.setJwtValidator(JwtValidators.createAtJwtValidator()
			.issuer("jwt-revocation")
			.audience("jwt-revocation-api")
			.clientId("jwt-revocation-client")
			.build());
	}

	@Test
	void issuedTokenWhenFedToSpringSecuritysAtJwtValidatorThenAccepted() {
		AccessTokenIssuer issuer = new AccessTokenIssuer(SigningKeys.hs256(this.key), this.properties, this.lifetimes,
				Clock.systemUTC());
		String token = issuer.issue("alice", List.of("USER"), "session-1", System.currentTimeMillis()).value();
		Jwt jwt = this.decoder.decode(token);
		assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt");
		assertThat(jwt.getSubject()).isEqualTo("alice");
		assertThat(jwt.getClaimAsString("client_id")).isEqualTo("jwt-revocation-client");
		assertThat(jwt.getId()).isNotBlank();
		assertThat(jwt.getIssuedAt()).isNotNull();
	}

	@Test
	void tokenWhenClientIdMissingThenTheValidatorRefusesIt() {
		// what the service issued before this claim: the validator is strict about it
		TokenForge forge = new TokenForge(IntegrationTest.TEST_SECRET, "jwt-revocation", "jwt-revocation-api");
		Map<String, Object> claims = forge.claims("alice");
		assertThatExceptionOfType(JwtValidationException.class)
			.isThrownBy(() -> this.decoder.decode(forge.sign(forge.header(), claims)));
		claims.put("client_id", "jwt-revocation-client");
		assertThat(this.decoder.decode(forge.sign(forge.header(), claims)).getSubject()).isEqualTo("alice");
	}

}
