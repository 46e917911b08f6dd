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
import dev.jwtrevocation.revocation.RevocationKeys;
import dev.jwtrevocation.revocation.RevocationSource;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.revocation.TokenLifetimes;
import dev.jwtrevocation.support.TestRedis;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example configured for another OpenID provider's tokens
 * ({@code jwt.revocation.issuer-type=openid}), shaped as Keycloak signs them. Revocations
 * are written as the hub writes them on a back-channel logout, through the same core, so
 * each returns only once this server's mirror holds it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "jwt.revocation.issuer-type=openid")
class ProviderTokensTests {

	private static final TestIssuer issuer = TestIssuer.start();

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private RevocationStore revocations;

	@Autowired
	private TokenLifetimes lifetimes;

	@Autowired
	private StringRedisTemplate redis;

	@DynamicPropertySource
	static void issuerAndRedis(DynamicPropertyRegistry registry) {
		TestRedis redis = TestRedis.get();
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer::uri);
		registry.add("spring.data.redis.url", () -> "redis://" + redis.host() + ":" + redis.port());
	}

	@AfterAll
	static void stopIssuer() {
		issuer.close();
	}

	@Test
	void sessionWhenRevokedThenItsTokensAre401AndTheUsersOtherSessionStays200() throws Exception {
		String user = UUID.randomUUID().toString();
		String session = UUID.randomUUID().toString();
		SignedJWT first = issuer.keycloakToken(user, session, Duration.ofMinutes(5));
		SignedJWT second = issuer.keycloakToken(user, UUID.randomUUID().toString(), Duration.ofMinutes(5));
		assertThat(orders(first).statusCode()).isEqualTo(200);

		this.revocations.revokeSession(IssuerNamespace.of(issuer.uri()).sessionOwner(), session,
				this.lifetimes.providerRevocation(), source());

		HttpResponse<String> refused = orders(first);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying((
				challenge) -> assertThat(challenge).startsWith("Bearer").contains("invalid_token").contains("revoked"));
		assertThat(orders(second).statusCode()).isEqualTo(200);
		// 24 h (jwt.provider-access-token-ttl) plus three clock skews of 30 s
		assertThat(this.redis
			.getExpire(RevocationKeys.DEFAULT.session(IssuerNamespace.of(issuer.uri()).sessionOwner(), session)))
			.isBetween(86_480L, 86_490L);
	}

	@Test
	void subjectWhenRevokedThenEveryTokenIssuedUntilThenIs401WithOrWithoutSid() throws Exception {
		String user = UUID.randomUUID().toString();
		SignedJWT withSid = issuer.keycloakToken(user, sid(), Duration.ofMinutes(5));
		SignedJWT withoutSid = issuer.keycloakToken(user, null, Duration.ofMinutes(5));
		SignedJWT otherUser = issuer.keycloakToken(UUID.randomUUID().toString(), sid(), Duration.ofMinutes(5));
		assertThat(orders(withoutSid).statusCode()).isEqualTo(200);

		this.revocations.revokeAllIssuedUntil(subject(user), 0, this.lifetimes.providerRevocation(), source());

		assertThat(orders(withSid).statusCode()).isEqualTo(401);
		assertThat(orders(withoutSid).statusCode()).isEqualTo(401);
		assertThat(orders(otherUser).statusCode()).isEqualTo(200);
	}

	@Test
	void sessionWhenRevokedThenATokenWithoutSidIsRefusedOnlyByItsSubject() throws Exception {
		String user = UUID.randomUUID().toString();
		SignedJWT withoutSid = issuer.keycloakToken(user, null, Duration.ofMinutes(5));

		this.revocations.revokeSession(IssuerNamespace.of(issuer.uri()).sessionOwner(), sid(),
				this.lifetimes.providerRevocation(), source());

		assertThat(orders(withoutSid).statusCode()).isEqualTo(200);
	}

	@Test
	void sameSubjectWhenRevokedAsThisServicesUserThenTheProvidersTokenStays200() throws Exception {
		String user = UUID.randomUUID().toString();
		SignedJWT token = issuer.keycloakToken(user, sid(), Duration.ofMinutes(5));

		// a username of jwt-revocation's own equal to the provider's sub
		this.revocations.revokeAllIssuedUntilNow(user);

		assertThat(orders(token).statusCode()).isEqualTo(200);
	}

	@Test
	void tokenWhenItLivesLongerThanAnyRevocationOfItThen401() throws Exception {
		SignedJWT token = issuer.keycloakToken(UUID.randomUUID().toString(), sid(), Duration.ofHours(25));

		HttpResponse<String> response = orders(token);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).contains("invalid_token").contains("outlives its revocations"));
	}

	@Test
	void serviceTokenWhenTheIssuerIsReadAsAProviderThenItsTypIsStillAccepted() throws Exception {
		// at+jwt stays accepted beside Keycloak's JWT
		assertThat(orders(issuer.token(UUID.randomUUID().toString(), "s1")).statusCode()).isEqualTo(200);
	}

	/** A session id of its own: a provider's sessions are revoked by sid alone. */
	private static String sid() {
		return UUID.randomUUID().toString();
	}

	private static String subject(String user) {
		return IssuerNamespace.of(issuer.uri()).subject(user);
	}

	private static RevocationSource source() {
		return new RevocationSource(issuer.uri(), "backchannel-logout", null);
	}

	private HttpResponse<String> orders(SignedJWT token) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/orders"))
			.header("Authorization", "Bearer " + token.serialize())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
