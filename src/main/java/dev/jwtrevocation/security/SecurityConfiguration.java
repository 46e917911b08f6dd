package dev.jwtrevocation.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.jwtrevocation.admin.AdminAccess;
import dev.jwtrevocation.admin.AdminProperties;
import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.token.AccessTokenVerifier;
import dev.jwtrevocation.token.BearerTokenAuthenticationFilter;
import dev.jwtrevocation.revocation.RevocationCheck;
import dev.jwtrevocation.revocation.RevocationMetrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.servlet.HandlerMapping;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

/**
 * The one security filter chain: stateless, bearer tokens only, every failure as
 * problem+json.
 * <p>
 * There are no sessions, cookies or forms, so CSRF protection, the request cache, HTTP
 * Basic, form login and Spring Security's own {@code /logout} are switched off;
 * {@code /auth/logout} revokes the bearer token instead. Everything under {@code /api/**}
 * and {@code /auth/**} needs a token except registering, logging in and refreshing, which
 * carry credentials of their own; {@code /admin/**} needs an admin's
 * ({@link AdminAccess}). Any other path is allowed only if no controller handles it, so
 * it answers 404 ({@link UnmappedRequests}): an endpoint added without a rule is denied
 * by default.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String ARGON2 = "argon2@SpringSecurity_v5_8";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, AccessTokenVerifier verifier,
			RevocationCheck revocations, RevocationMetrics metrics, ProblemDetailWriter problemWriter,
			CorsProperties cors, ManagementPort managementPort, AdminProperties admins,
			@Qualifier("requestMappingHandlerMapping") HandlerMapping controllers) {
		BearerTokenProblemEntryPoint entryPoint = new BearerTokenProblemEntryPoint(problemWriter);
		AdminAccess admin = new AdminAccess();
		UserTokens userTokens = new UserTokens();
		// requests that carry credentials of their own (a password, a refresh token, an
		// OAuth client's, an SSF transmitter's): their Authorization header is not a
		// bearer token
		RequestMatcher credentialEndpoints = new OrRequestMatcher(pathPattern("/auth/register"),
				pathPattern("/auth/login"), pathPattern("/auth/refresh"), pathPattern("/oauth2/token"),
				pathPattern("/oauth2/revoke"), pathPattern("/oauth2/introspect"), pathPattern("/ssf/push"));
		http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(new ProblemAccessDeniedHandler(problemWriter)))
			// the resource paths first: they are most of the traffic and overlap no other
			// rule
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/**")
				.access(userTokens)
				.requestMatchers(credentialEndpoints)
				.permitAll()
				.requestMatchers("/actuator/health", "/actuator/health/**", "/livez", "/readyz", "/error")
				.permitAll()
				// OpenID providers' logouts: authenticated by the provider's signature
				.requestMatchers(HttpMethod.POST, "/oidc/backchannel-logout", "/ssf/push")
				.permitAll()
				// public keys and metadata: what resource servers need to verify tokens
				.requestMatchers("/.well-known/jwks.json", "/.well-known/oauth-authorization-server",
						"/.well-known/ssf-configuration")
				.permitAll()
				// Shared Signals receivers: OAuth clients with ssf.manage, or ssf.read to
				// read their streams and poll them
				.requestMatchers(HttpMethod.GET, "/ssf/streams", "/ssf/status")
				.hasAnyAuthority("SCOPE_ssf.manage", "SCOPE_ssf.read")
				.requestMatchers(HttpMethod.POST, "/ssf/poll/*")
				.hasAnyAuthority("SCOPE_ssf.manage", "SCOPE_ssf.read")
				.requestMatchers("/ssf/streams", "/ssf/status", "/ssf/verify")
				.hasAuthority("SCOPE_ssf.manage")
				// the OpenAPI document describes public endpoints; Swagger UI exists only
				// in
				// the dev profile
				.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
				.permitAll()
				// the operator API: a client with the scope revocation:admin, or a user
				// listed
				// in admin.usernames
				.requestMatchers("/admin/**")
				.access(admin)
				.requestMatchers("/actuator/prometheus")
				.access(AuthorizationManagers.anyOf(managementPort, admin))
				.requestMatchers("/auth/**")
				.access(userTokens)
				.requestMatchers("/actuator/**")
				.authenticated()
				.anyRequest()
				.access(new UnmappedRequests(controllers)))
			.addFilterBefore(corsFilter(cors, problemWriter), CsrfFilter.class)
			.addFilterBefore(new BearerTokenAuthenticationFilter(verifier, revocations, entryPoint, credentialEndpoints,
					metrics, admins::isAdmin), AnonymousAuthenticationFilter.class);
		return http.build();
	}

	@Bean
	static ManagementPort managementPort() {
		return new ManagementPort();
	}

	/**
	 * No observation per security filter, authentication or authorization: with an
	 * observation registry present (actuator), Spring Security wraps each of the chain's
	 * filters in an observation with before/after events, which cost about a third of the
	 * CPU of an authenticated request (measured with JFR, see docs/benchmarks.md). The
	 * request itself is still timed ({@code http.server.requests}) and the revocation
	 * meters are kept; to trace the filters, declare a
	 * {@code SecurityObservationSettings} bean of your own in place of this one.
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Spring Security's strict firewall, with its check of header values (assigned code
	 * points, no control characters) done by a loop instead of its regular expression,
	 * which cost 4% of an authenticated request's CPU on the 300-character
	 * {@code Authorization} header.
	 */
	@Bean
	static StrictHttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderValues(HeaderValues::isAllowed);
		return firewall;
	}

	/**
	 * Answers CORS preflights before authentication, since browsers send them without the
	 * {@code Authorization} header. Bearer tokens travel in a header, not a cookie, so
	 * credentials mode stays off. With no allowed origin configured, no CORS header is
	 * ever written.
	 */
	private static CorsFilter corsFilter(CorsProperties properties, ProblemDetailWriter problemWriter) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!properties.allowedOrigins().isEmpty()) {
			CorsConfiguration configuration = new CorsConfiguration();
			configuration.setAllowedOrigins(properties.allowedOrigins());
			configuration.setAllowedMethods(List.of("GET", "POST", "DELETE", "OPTIONS"));
			configuration.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE));
			configuration.setExposedHeaders(List.of(HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.RETRY_AFTER));
			configuration.setMaxAge(Duration.ofHours(1));
			source.registerCorsConfiguration("/**", configuration);
		}
		CorsFilter filter = new CorsFilter(source);
		filter.setCorsProcessor(new ProblemCorsProcessor(problemWriter));
		return filter;
	}

	/**
	 * Ahead of Spring Security and MVC, so that a refused login costs no body parsing.
	 */
	@Bean
	FilterRegistrationBean<HashingAdmissionFilter> hashingAdmissionFilter(PasswordHashing hashing,
			ProblemDetailWriter problemWriter) {
		FilterRegistrationBean<HashingAdmissionFilter> registration = new FilterRegistrationBean<>(
				new HashingAdmissionFilter(hashing, problemWriter));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		return registration;
	}

	@Bean
	MeterBinder passwordHashingMetrics(PasswordHashing hashing) {
		return (registry) -> FunctionCounter
			.builder("jwt.revocation.hashing.refused", hashing, PasswordHashing::refusals)
			.description("Logins and registrations refused with 503 because every password-hashing slot was busy")
			.register(registry);
	}

	/**
	 * Argon2id by default: bcrypt reads only the first 72 bytes of a password (and
	 * Spring's encoder refuses longer ones), while a password here may be 128 characters
	 * of any script, up to 512 bytes of UTF-8. The delegating encoder still verifies
	 * bcrypt hashes imported from elsewhere. Hashes are admitted, never queued without
	 * bound ({@link BoundedPasswordEncoder}, {@link HashingProperties}).
	 */
	@Bean
	PasswordHashing passwordEncoder(HashingProperties hashing) {
		// OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane (Spring's v5_8
		// defaults
		// use 16 MiB); a hash records its parameters, so older hashes still verify
		Map<String, PasswordEncoder> encoders = Map.of(ARGON2, new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2),
				"bcrypt", new BCryptPasswordEncoder());
		return new BoundedPasswordEncoder(new DelegatingPasswordEncoder(ARGON2, encoders), hashing.concurrent(),
				hashing.queued(), hashing.maxWait());
	}

}
