package bench;

import java.util.List;
import java.util.Map;

import dev.jwtrevocation.JwtRevocationApplication;
import dev.jwtrevocation.revocation.RevocationCheck;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's baseline: the same application with the revocation check replaced by a
 * no-op, so that it measures what signature verification alone costs. It lives in the
 * test sources and is started only by bench/run.sh: no setting of the packaged
 * application can turn revocation off.
 */
public final class SignatureOnlyApplication {

	private SignatureOnlyApplication() {
	}

	/** Outside /api and /auth, so the security chain lets it through without a token. */
	@RestController
	static class UnauthenticatedEndpoint {

		@GetMapping("/bench/unauthenticated")
		Map<String, Object> me() {
			return Map.of("username", "benchmark-user", "roles", List.of("USER"), "jti", "MeUN4BQvJiCOaY5z8Q4IsQ",
					"sid", "q3TzLw0bS9mX2k1Yp4RrHg", "issued_at", "2026-11-29T12:00:00Z", "expires_at",
					"2026-11-29T12:15:00Z");
		}

	}

	/**
	 * The main chain denies endpoints it has no rule for, so the ceiling gets a chain of
	 * its own, stateless like the main one, that lets everyone in: slightly less work
	 * than the main chain does for an anonymous request (no bearer or CORS filter).
	 */
	@Configuration(proxyBeanMethods = false)
	static class UnauthenticatedChain {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		SecurityFilterChain benchSecurityFilterChain(HttpSecurity http) {
			return http.securityMatcher("/bench/**")
				.csrf(AbstractHttpConfigurer::disable)
				.requestCache(AbstractHttpConfigurer::disable)
				.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.build();
		}

	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(JwtRevocationApplication.class).initializers((context) -> {
			RevocationCheck nothingIsRevoked = (token) -> false;
			GenericApplicationContext beans = (GenericApplicationContext) context;
			beans.registerBean("signatureOnlyRevocationCheck", RevocationCheck.class, () -> nothingIsRevoked,
					(definition) -> definition.setPrimary(true));
			beans.registerBean(UnauthenticatedEndpoint.class);
			beans.registerBean(UnauthenticatedChain.class);
		}).run(args);
	}

}
