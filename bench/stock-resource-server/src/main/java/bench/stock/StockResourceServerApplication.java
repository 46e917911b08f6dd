package bench.stock;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The stock resource server the project compares itself with: Spring Security's own
 * bearer-token support and Nimbus verifying the service's HS256 tokens (issuer and
 * audience checked), stateless, and the same JSON body as the service's
 * {@code GET /api/me}. No revocation: a logged-out token works here until it expires.
 */
@SpringBootApplication
@RestController
public class StockResourceServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(StockResourceServerApplication.class, args);
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.oauth2ResourceServer((server) -> server.jwt(Customizer.withDefaults()))
			.build();
	}

	@Bean
	JwtDecoder jwtDecoder(@Value("${jwt.secret}") String secret, @Value("${jwt.issuer:jwt-revocation}") String issuer,
			@Value("${jwt.audience:jwt-revocation-api}") String audience) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder
			.withSecretKey(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		// the service's tokens are RFC 9068 access tokens: typ at+jwt
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(new JwtIssuerValidator(issuer),
				new JwtTypeValidator(List.of("at+jwt")),
				new JwtClaimValidator<List<String>>("aud", (aud) -> aud != null && aud.contains(audience))));
		return decoder;
	}

	@GetMapping("/api/me")
	Me me(@AuthenticationPrincipal Jwt jwt) {
		return new Me(jwt.getSubject(), jwt.getClaimAsStringList("roles"), jwt.getId(), jwt.getClaimAsString("sid"),
				jwt.getIssuedAt(), jwt.getExpiresAt());
	}

	record Me(String username, List<String> roles, String jti, String sid, @JsonProperty("issued_at") Instant issuedAt,
			@JsonProperty("expires_at") Instant expiresAt) {
	}

}
