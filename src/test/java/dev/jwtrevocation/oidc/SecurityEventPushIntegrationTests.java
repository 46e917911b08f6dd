package dev.jwtrevocation.oidc;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.jwtrevocation.revocation.IssuerNamespace;
import dev.jwtrevocation.revocation.RevocableToken;
import dev.jwtrevocation.revocation.RevocationKeys;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.RedisProcess;
import dev.jwtrevocation.support.TestOpenIdProvider;
import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared Signals Framework push delivery (RFC 8935) from a transmitter signing with real
 * keys served over HTTP: each event revokes what it names before its 202; a SET seen
 * twice is applied once; each bad push revokes nothing and carries RFC 8935's error.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityEventPushIntegrationTests {

	private static final String AUDIENCE = "https://hub.example/ssf";

	private static final String PUSH_AUTHORIZATION = "Bearer " + UUID.randomUUID() + UUID.randomUUID();

	private static TestOpenIdProvider transmitter;

	private static TestOpenIdProvider other;

	private static ConfigurableApplicationContext app;

	private static Api api;

	private static StringRedisTemplate redis;

	private static RevocationStore store;

	@BeforeAll
	static void start() throws Exception {
		transmitter = new TestOpenIdProvider();
		other = new TestOpenIdProvider();
		app = Instances.startOn(RedisProcess.freePort(), "--spring.data.redis.url=" + TestRedis.get().url(),
				"--revocation.providers[0].issuer=" + transmitter.issuer(), "--revocation.providers[0].client-id=hub",
				"--revocation.providers[0].ssf.push-authorization=" + PUSH_AUTHORIZATION,
				"--revocation.providers[0].ssf.audience=" + AUDIENCE,
				"--revocation.providers[1].issuer=" + other.issuer(), "--revocation.providers[1].client-id=hub");
		api = Api.of(app);
		redis = app.getBean(StringRedisTemplate.class);
		store = app.getBean(RevocationStore.class);
		OpenIdProviders providers = app.getBean(OpenIdProviders.class);
		await().until(() -> providers.find(transmitter.issuer()).isReachable()
				&& providers.find(other.issuer()).isReachable());
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		transmitter.close();
		other.close();
	}

	@Test
	void sessionRevokedWhenItNamesASessionThen202AndItsTokensAreRefusedOthersNot(CapturedOutput output) {
		String sub = UUID.randomUUID().toString();
		String sid = UUID.randomUUID().toString();
		Token inSession = token(sub, sid);
		Token otherSession = token(sub, UUID.randomUUID().toString());
		Map<String, Object> subject = Map.of("format", "complex", "user", transmitter.user(sub), "session",
				Map.of("format", "opaque", "id", sid));

		Response response = push(PUSH_AUTHORIZATION,
				transmitter.securityEvent(AUDIENCE, SecurityEvent.SESSION_REVOKED, subject,
						Map.of("event_timestamp", Instant.now().getEpochSecond(), "initiating_entity", "admin",
								"reason_admin", Map.of("en", "Suspicious\nactivity")),
						(claims) -> {
						}));

		assertThat(response.status()).isEqualTo(202);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(store.isRevoked(inSession)).isTrue();
		assertThat(store.isRevoked(otherSession)).isFalse();
		assertThat(output).contains("channel=ssf-push")
			.contains("reason=\"initiating_entity=admin reason_admin=Suspicious\\u000aactivity\"")
			.doesNotContain("Suspicious\nactivity");
	}

	@Test
	void accountEventsWhenTheyNameAUserThenEveryTokenOfItIssuedUntilTheEventIsRefused() {
		for (String type : List.of(SecurityEvent.ACCOUNT_DISABLED, SecurityEvent.ACCOUNT_PURGED,
				SecurityEvent.SESSIONS_REVOKED, SecurityEvent.CREDENTIAL_CHANGE, SecurityEvent.SESSION_REVOKED)) {
			String sub = UUID.randomUUID().toString();
			Token earlier = token(sub, UUID.randomUUID().toString());
			Token otherUser = token(UUID.randomUUID().toString(), UUID.randomUUID().toString());

			Response response = push(PUSH_AUTHORIZATION, transmitter.securityEvent(AUDIENCE, type,
					transmitter.user(sub), Map.of("event_timestamp", Instant.now().getEpochSecond()), (claims) -> {
					}));

			assertThat(response.status()).as(type).isEqualTo(202);
			assertThat(store.isRevoked(earlier)).as(type).isTrue();
			assertThat(store.isRevoked(otherUser)).as(type).isFalse();
		}
	}

	@Test
	void subjectsWhenEmailOrOpaqueThenTheirValueIsTheSubject() {
		String email = UUID.randomUUID() + "@example.com";
		push(PUSH_AUTHORIZATION, transmitter.securityEvent(AUDIENCE, SecurityEvent.ACCOUNT_DISABLED,
				Map.of("format", "email", "email", email), Map.of(), (claims) -> {
				}));
		String id = UUID.randomUUID().toString();
		push(PUSH_AUTHORIZATION, transmitter.securityEvent(AUDIENCE, SecurityEvent.ACCOUNT_DISABLED,
				Map.of("format", "opaque", "id", id), Map.of(), (claims) -> {
				}));

		IssuerNamespace namespace = IssuerNamespace.of(transmitter.issuer());
		assertThat(redis.hasKey(RevocationKeys.DEFAULT.cutoff(namespace.subject(email)))).isTrue();
		assertThat(redis.hasKey(RevocationKeys.DEFAULT.cutoff(namespace.subject(id)))).isTrue();
	}

	@Test
	void setWhenPushedTwiceThen202BothTimesAndAppliedOnce(CapturedOutput output) {
		String sid = UUID.randomUUID().toString();
		String set = transmitter.securityEvent(AUDIENCE, SecurityEvent.SESSION_REVOKED,
				Map.of("format", "complex", "session", Map.of("format", "opaque", "id", sid)), Map.of(), (claims) -> {
				});

		assertThat(push(PUSH_AUTHORIZATION, set).status()).isEqualTo(202);
		assertThat(push(PUSH_AUTHORIZATION, set).status()).isEqualTo(202);

		assertThat(output.toString().split("session=" + sid, -1)).hasSize(2);
	}

	@Test
	void verificationWhenPushedThen202AndNothingRevoked() {
		Response response = push(PUSH_AUTHORIZATION, transmitter.securityEvent(AUDIENCE, SecurityEvent.VERIFICATION,
				null, Map.of("state", "abc"), (claims) -> claims.claim("sub_id", null)));

		assertThat(response.status()).isEqualTo(202);
	}

	@Test
	void pushWhenTheAuthorizationIsMissingOrWrongThen401BeforeTheSetIsRead() {
		String sid = UUID.randomUUID().toString();
		String set = sessionRevoked(sid);

		assertError(push(null, set), 401, "authentication_failed");
		assertError(push("Bearer wrong", set), 401, "authentication_failed");
		assertNothingRevoked(sid);
	}

	@Test
	void pushWhenTheSetIsBadThen400WithItsRfc8935ErrorAndNothingRevoked() throws Exception {
		String sid = UUID.randomUUID().toString();
		Map<String, Object> session = Map.of("format", "complex", "session", Map.of("format", "opaque", "id", sid));
		// signed by another provider, even a configured one: not the stream's
		assertError(push(PUSH_AUTHORIZATION,
				other.securityEvent(AUDIENCE, SecurityEvent.SESSION_REVOKED, session, Map.of(), (claims) -> {
				})), 400, "invalid_issuer");
		assertError(push(PUSH_AUTHORIZATION,
				transmitter.sign(
						new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(transmitter.issuer())
							.audience(AUDIENCE)
							.issueTime(new Date())
							.jwtID("x")
							.claim("events", Map.of(SecurityEvent.SESSION_REVOKED, Map.of("subject", session)))
							.build(),
						new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).generate(),
						com.nimbusds.jose.JWSAlgorithm.RS256, "secevent+jwt")),
				400, "invalid_key");
		assertError(push(PUSH_AUTHORIZATION, transmitter.securityEvent("another-receiver",
				SecurityEvent.SESSION_REVOKED, session, Map.of(), (claims) -> {
				})), 400, "invalid_audience");
		assertError(
				push(PUSH_AUTHORIZATION,
						transmitter.securityEvent(AUDIENCE, SecurityEvent.SESSION_REVOKED, session, Map.of(),
								(claims) -> claims.issueTime(Date.from(Instant.now().minusSeconds(3600))))),
				400, "invalid_request");
		assertError(
				push(PUSH_AUTHORIZATION,
						transmitter
							.securityEvent(AUDIENCE, SecurityEvent.SESSION_REVOKED, session, Map.of(),
									(claims) -> claims.claim("events",
											Map.of(SecurityEvent.SESSION_REVOKED, Map.of(),
													SecurityEvent.ACCOUNT_DISABLED, Map.of())))),
				400, "invalid_request");
		assertError(push(PUSH_AUTHORIZATION, transmitter.securityEvent(AUDIENCE, SecurityEvent.ACCOUNT_DISABLED,
				Map.of("format", "iss_sub", "iss", "https://evil.example", "sub", "victim"), Map.of(), (claims) -> {
				})), 400, "invalid_request");
		assertError(push(PUSH_AUTHORIZATION, "not-a-jwt"), 400, "invalid_request");
		assertNothingRevoked(sid);
		assertThat(
				redis.hasKey(RevocationKeys.DEFAULT.cutoff(IssuerNamespace.of(transmitter.issuer()).subject("victim"))))
			.isFalse();
	}

	private static String sessionRevoked(String sid) {
		return transmitter.securityEvent(AUDIENCE, SecurityEvent.SESSION_REVOKED,
				Map.of("format", "complex", "session", Map.of("format", "opaque", "id", sid)), Map.of(), (claims) -> {
				});
	}

	private static Response push(String authorization, String set) {
		HttpRequest.Builder request = api.request("/ssf/push", null)
			.header("Content-Type", "application/secevent+jwt")
			.POST(BodyPublishers.ofString(set));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return api.send(request);
	}

	private static void assertError(Response response, int status, String err) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.json().get("err").asString()).isEqualTo(err);
		assertThat(response.json().get("description").asString()).isNotEmpty();
	}

	private static void assertNothingRevoked(String sid) {
		assertThat(redis
			.hasKey(RevocationKeys.DEFAULT.session(IssuerNamespace.of(transmitter.issuer()).sessionOwner(), sid)))
			.isFalse();
	}

	private static Token token(String sub, String sid) {
		IssuerNamespace namespace = IssuerNamespace.of(transmitter.issuer());
		return new Token(namespace.subject(sub), namespace.sessionOwner(), "jti-" + UUID.randomUUID(), sid,
				(Instant.now().getEpochSecond() - 1) * 1000, Instant.now().plusSeconds(300));
	}

	/** A provider's access token as the starter reads it. */
	record Token(String subject, String sessionOwner, String id, String sessionId, long issuedAtMillis,
			Instant expiresAt) implements RevocableToken {
	}

}
