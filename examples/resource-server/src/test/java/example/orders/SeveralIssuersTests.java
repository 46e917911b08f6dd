package example.orders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.jwtrevocation.revocation.IssuerNamespace;
import dev.jwtrevocation.revocation.RevocationSource;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.revocation.TokenLifetimes;
import dev.jwtrevocation.support.TestRedis;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resource server that accepts two issuers ({@code jwt.revocation.issuers[n]}): this
 * project's service and a Keycloak-like provider, through the resolver the starter
 * provides. Each issuer's tokens are checked its own way, and the same {@code sub} at the
 * two never shares a revocation.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SeveralIssuersTests {

	private static final TestIssuer service = TestIssuer.start();

	private static final TestIssuer keycloak = TestIssuer.start();

	private static final TestIssuer unlisted = TestIssuer.start();

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private RevocationStore revocations;

	@Autowired
	private TokenLifetimes lifetimes;

	@DynamicPropertySource
	static void issuersAndRedis(DynamicPropertyRegistry registry) {
		TestRedis redis = TestRedis.get();
		registry.add("jwt.revocation.issuers[0].issuer-uri", service::uri);
		registry.add("jwt.revocation.issuers[0].type", () -> "jwt-revocation");
		registry.add("jwt.revocation.issuers[0].audiences", () -> TestIssuer.AUDIENCE);
		registry.add("jwt.revocation.issuers[1].issuer-uri", keycloak::uri);
		registry.add("jwt.revocation.issuers[1].type", () -> "openid");
		registry.add("jwt.revocation.issuers[1].token-types", () -> "JWT");
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> "");
		registry.add("spring.data.redis.url", () -> "redis://" + redis.host() + ":" + redis.port());
	}

	@AfterAll
	static void stopIssuers() {
		service.close();
		keycloak.close();
		unlisted.close();
	}

	@Test
	void tokensWhenEachIssuersOwnThen200AndAnUnlistedIssuersThen401() throws Exception {
		String user = UUID.randomUUID().toString();

		assertThat(orders(service.token(user, "s1")).statusCode()).isEqualTo(200);
		assertThat(orders(keycloak.keycloakToken(user, "kc-1", Duration.ofMinutes(5))).statusCode()).isEqualTo(200);
		assertThat(orders(unlisted.keycloakToken(user, "kc-1", Duration.ofMinutes(5))).statusCode()).isEqualTo(401);
		// the provider's typ is pinned to JWT: an at+jwt token of it is refused
		assertThat(orders(keycloak.token(user, "s1")).statusCode()).isEqualTo(401);
	}

	@Test
	void subjectWhenRevokedAtOneIssuerThenTheSameSubAtTheOtherStays200() throws Exception {
		String user = UUID.randomUUID().toString();
		SignedJWT serviceToken = service.token(user, "s1");
		SignedJWT keycloakToken = keycloak.keycloakToken(user, "kc-1", Duration.ofMinutes(5));

		this.revocations.revokeAllIssuedUntil(IssuerNamespace.of(keycloak.uri()).subject(user), 0,
				this.lifetimes.providerRevocation(), new RevocationSource(keycloak.uri(), "backchannel-logout", null));

		assertThat(orders(keycloakToken).statusCode()).isEqualTo(401);
		assertThat(orders(serviceToken).statusCode()).isEqualTo(200);

		this.revocations.revokeAllIssuedUntilNow(user);

		assertThat(orders(serviceToken).statusCode()).isEqualTo(401);
	}

	private HttpResponse<String> orders(SignedJWT token) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/orders"))
			.header("Authorization", "Bearer " + token.serialize())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** What an application accepting several issuers writes: one line. */
	@TestConfiguration
	static class SeveralIssuers {

		@Bean
		SecurityFilterChain api(HttpSecurity http, JwtIssuerAuthenticationManagerResolver issuers) {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.oauth2ResourceServer((server) -> server.authenticationManagerResolver(issuers))
				.build();
		}

	}

}
