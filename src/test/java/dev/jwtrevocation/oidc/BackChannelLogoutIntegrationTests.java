package dev.jwtrevocation.oidc;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.jwtrevocation.redis.RedisKeys;
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
 * OpenID Connect Back-Channel Logout 1.0 against a provider serving its discovery and
 * keys over real HTTP: each valid logout token revokes what it names, in Redis and in
 * every mirror, before its 200; each bad one revokes nothing and is a 400 of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class BackChannelLogoutIntegrationTests {

	private static final String CLIENT_ID = "jwt-revocation";

	private static TestOpenIdProvider provider;

	private static TestOpenIdProvider unconfigured;

	private static ConfigurableApplicationContext app;

	private static Api api;

	private static StringRedisTemplate redis;

	private static RevocationStore store;

	@BeforeAll
	static void start() throws Exception {
		provider = new TestOpenIdProvider();
		unconfigured = new TestOpenIdProvider();
		app = Instances.startOn(RedisProcess.freePort(), "--spring.data.redis.url=" + TestRedis.get().url(),
				"--revocation.providers[0].issuer=" + provider.issuer(),
				"--revocation.providers[0].client-id=" + CLIENT_ID);
		api = Api.of(app);
		redis = app.getBean(StringRedisTemplate.class);
		store = app.getBean(RevocationStore.class);
		await().until(() -> app.getBean(OpenIdProviders.class).find(provider.issuer()).isReachable());
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		provider.close();
		unconfigured.close();
	}

	@Test
	void logoutWhenItNamesASessionThen200AndEveryTokenOfThatSessionIsRefusedEverywhere() {
		String sub = UUID.randomUUID().toString();
		String sid = UUID.randomUUID().toString();
		Token inSession = token(sub, sid);
		Token otherSession = token(sub, UUID.randomUUID().toString());
		assertThat(store.isRevoked(inSession)).isFalse();

		Response response = logout(provider.logoutToken(CLIENT_ID, sub, sid));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(store.isRevoked(inSession)).isTrue();
		assertThat(store.isRevoked(otherSession)).isFalse();
		String key = RevocationKeys.DEFAULT.session(IssuerNamespace.of(provider.issuer()).sessionOwner(), sid);
		assertThat(redis.hasKey(key)).isTrue();
		// jwt.provider-access-token-ttl (24 h) plus three clock skews of 30 s
		assertThat(redis.getExpire(key)).isBetween(86_480L, 86_490L);
	}

	@Test
	void logoutWhenItNamesOnlyASubjectThenEveryTokenOfTheSubjectIssuedUntilThenIsRefused() {
		String sub = UUID.randomUUID().toString();
		Token earlier = token(sub, UUID.randomUUID().toString());
		Token otherUser = token(UUID.randomUUID().toString(), UUID.randomUUID().toString());
		long iat = Instant.now().getEpochSecond();

		Response response = logout(provider.logoutToken(CLIENT_ID, sub, null,
				(claims) -> claims.issueTime(Date.from(Instant.ofEpochSecond(iat)))));

		assertThat(response.status()).isEqualTo(200);
		assertThat(store.isRevoked(earlier)).isTrue();
		assertThat(store.isRevoked(otherUser)).isFalse();
		String cutoff = redis.opsForValue()
			.get(RevocationKeys.DEFAULT.cutoff(IssuerNamespace.of(provider.issuer()).subject(sub)));
		// up to the end of the logout's second on the provider's clock, at least
		assertThat(Long.parseLong(cutoff)).isGreaterThanOrEqualTo(iat * 1000 + 999);
	}

	@Test
	void logoutWhenReplayedThen400AndAppliedOnce() {
		String token = provider.logoutToken(CLIENT_ID, UUID.randomUUID().toString(), UUID.randomUUID().toString());
		assertThat(logout(token).status()).isEqualTo(200);

		Response replay = logout(token);

		assertInvalid(replay, "already used");
	}

	@Test
	void logoutWhenTheSameTokenArrivesInParallelThenExactlyOneIs200() throws Exception {
		String token = provider.logoutToken(CLIENT_ID, UUID.randomUUID().toString(), UUID.randomUUID().toString());
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				statuses.add(callers.submit(() -> api.freshConnection()
					.postRaw("/oidc/backchannel-logout", "application/x-www-form-urlencoded",
							BodyPublishers.ofString("logout_token=" + token))
					.status()));
			}
			int ok = 0;
			for (Future<Integer> status : statuses) {
				ok += (status.get() == 200) ? 1 : 0;
			}
			assertThat(ok).isEqualTo(1);
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void logoutsWhenManyInParallelThenEachSessionIsRefusedOnceItsLogoutReturns() throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			List<Future<int[]>> results = new ArrayList<>();
			for (int caller = 0; caller < 8; caller++) {
				results.add(callers.submit(logoutAndCheck(15)));
			}
			for (Future<int[]> result : results) {
				// {accepted before, 200s, refused after}
				assertThat(result.get()).containsExactly(15, 15, 15);
			}
		}
		finally {
			callers.shutdownNow();
		}
	}

	private Callable<int[]> logoutAndCheck(int logouts) {
		return () -> {
			int[] counts = new int[3];
			Api client = api.freshConnection();
			for (int i = 0; i < logouts; i++) {
				String sub = UUID.randomUUID().toString();
				String sid = UUID.randomUUID().toString();
				Token token = token(sub, sid);
				counts[0] += store.isRevoked(token) ? 0 : 1;
				Response response = client.postRaw("/oidc/backchannel-logout", "application/x-www-form-urlencoded",
						BodyPublishers.ofString("logout_token=" + provider.logoutToken(CLIENT_ID, sub, sid)));
				counts[1] += (response.status() == 200) ? 1 : 0;
				counts[2] += store.isRevoked(token) ? 1 : 0;
			}
			return counts;
		};
	}

	@Test
	void logoutWhenSignedByAnotherKeyUnderTheProvidersKidThen400AndNothingRevoked() throws Exception {
		RSAKey forger = new RSAKeyGenerator(2048).generate();
		String sid = UUID.randomUUID().toString();
		String forged = provider.sign(provider.claims(CLIENT_ID, "victim", sid, (claims) -> {
		}), forger, JWSAlgorithm.RS256, "logout+jwt");

		assertInvalid(logout(forged), "signature is invalid");
		assertNothingRevoked(sid);
	}

	@Test
	void logoutsWhenTheyNameUnknownKeysThenTheJwkSetIsFetchedAtMostOnceAndNothingRevoked() throws Exception {
		RSAKey forger = new RSAKeyGenerator(2048).generate();
		int before = provider.requests();
		String sid = UUID.randomUUID().toString();
		for (int i = 0; i < 20; i++) {
			SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("unknown-" + i)
				.type(new JOSEObjectType("logout+jwt"))
				.build(), provider.claims(CLIENT_ID, "u", sid, (claims) -> {
				}));
			token.sign(new RSASSASigner(forger));
			assertInvalid(logout(token.serialize()), "No key");
		}

		// at most one fetch of the JWK Set per 30 s, whatever the kids
		assertThat(provider.requests() - before).isLessThanOrEqualTo(1);
		assertNothingRevoked(sid);
	}

	@Test
	void logoutWhenExpiredOrIssuedTooLongAgoThen400() {
		String sid = UUID.randomUUID().toString();
		Instant past = Instant.now().minusSeconds(600);

		Instant recent = Instant.now().minusSeconds(90);
		// expired 40 s ago: past the clock skew of 30 s
		assertInvalid(logout(provider.logoutToken(CLIENT_ID, "u", sid,
				(claims) -> claims.issueTime(Date.from(recent)).expirationTime(Date.from(recent.plusSeconds(50))))),
				"expired");
		assertInvalid(logout(provider.logoutToken(CLIENT_ID, "u", sid, (claims) -> claims.issueTime(Date.from(past))
			.expirationTime(Date.from(Instant.now().plusSeconds(60))))), "iat");
		assertInvalid(logout(provider.logoutToken(CLIENT_ID, "u", sid,
				(claims) -> claims.issueTime(Date.from(Instant.now().plusSeconds(300))))), "iat");
		assertNothingRevoked(sid);
	}

	@Test
	void logoutWhenForAnotherAudienceThen400() {
		String sid = UUID.randomUUID().toString();

		assertInvalid(logout(provider.logoutToken("another-client", "u", sid)), "aud");
		assertNothingRevoked(sid);
	}

	@Test
	void logoutWhenFromAnIssuerNotConfiguredThen400AndItsUrlsAreNeverFetched() {
		String sid = UUID.randomUUID().toString();
		int before = unconfigured.requests();

		assertInvalid(logout(unconfigured.logoutToken(CLIENT_ID, "u", sid)), "not a configured provider");
		assertInvalid(
				logout(provider.logoutToken(CLIENT_ID, "u", sid, (claims) -> claims.issuer(unconfigured.issuer()))),
				"not a configured provider");

		assertThat(unconfigured.requests()).isEqualTo(before);
		assertNothingRevoked(sid);
	}

	@Test
	void logoutWhenItsTypAlgOrClaimsBreakTheSpecThen400Each() throws Exception {
		String sid = UUID.randomUUID().toString();
		assertInvalid(logout(provider.sign(provider.claims(CLIENT_ID, "u", sid, (claims) -> {
		}), provider.key(), JWSAlgorithm.RS256, "JWT")), "typ");
		assertInvalid(logout(provider.sign(provider.claims(CLIENT_ID, "u", sid, (claims) -> {
		}), provider.key(), JWSAlgorithm.RS512, "logout+jwt")), "alg");
		assertInvalid(logout(provider.logoutToken(CLIENT_ID, "u", sid, (claims) -> claims.claim("nonce", "n"))),
				"nonce");
		assertInvalid(logout(provider.logoutToken(CLIENT_ID, "u", sid, (claims) -> claims.claim("events", null))),
				"events");
		assertInvalid(logout(provider.logoutToken(CLIENT_ID, "u", sid,
				(claims) -> claims.claim("events", Map.of("urn:other", Map.of())))), "events");
		assertInvalid(logout(provider.logoutToken(CLIENT_ID, null, null)), "neither a sid nor a sub");
		assertInvalid(logout(provider.logoutToken(CLIENT_ID, "u", sid, (claims) -> claims.jwtID(null))), "jti");
		String unsigned = new com.nimbusds.jwt.PlainJWT(provider.claims(CLIENT_ID, "u", sid, (claims) -> {
		})).serialize();
		assertInvalid(logout(unsigned), "not a signed JWT");
		assertInvalid(logout("not-a-jwt"), "not a signed JWT");
		assertNothingRevoked(sid);
	}

	@Test
	void logoutWhenMissingOrInTheQueryStringThen400() {
		Response missing = api.postRaw("/oidc/backchannel-logout", "application/x-www-form-urlencoded",
				BodyPublishers.ofString("other=1"));
		assertInvalid(missing, "missing");
		String sid = UUID.randomUUID().toString();
		Response inQuery = api.postRaw(
				"/oidc/backchannel-logout?logout_token=" + provider.logoutToken(CLIENT_ID, "u", sid),
				"application/x-www-form-urlencoded", BodyPublishers.ofString(""));
		assertInvalid(inQuery, "query");
		assertNothingRevoked(sid);
	}

	@Test
	void logoutWhenTheTokenIsOver16KbThenRefusedBeforeItIsReadAndNothingRevoked(CapturedOutput output) {
		String sid = UUID.randomUUID().toString();
		String huge = provider.logoutToken(CLIENT_ID, "u", sid, (claims) -> claims.claim("pad", "x".repeat(17_000)));

		Response response = logout(huge);

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertNothingRevoked(sid);
		assertThat(output).doesNotContain(huge.substring(0, 40));
	}

	private static Response logout(String logoutToken) {
		return api.postRaw("/oidc/backchannel-logout", "application/x-www-form-urlencoded",
				BodyPublishers.ofString("logout_token=" + logoutToken));
	}

	private static void assertInvalid(Response response, String description) {
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.json().get("error").asString()).isEqualTo("invalid_request");
		assertThat(response.json().get("error_description").asString()).contains(description);
	}

	private static void assertNothingRevoked(String sid) {
		assertThat(
				redis.hasKey(RevocationKeys.DEFAULT.session(IssuerNamespace.of(provider.issuer()).sessionOwner(), sid)))
			.isFalse();
		assertThat(redis
			.keys(RedisKeys.DEFAULT.seenSignal(IssuerNamespace.of(provider.issuer()).sessionOwner(), "") + "*"))
			.allSatisfy((key) -> assertThat(key).doesNotContain(sid));
	}

	private static Token token(String sub, String sid) {
		IssuerNamespace namespace = IssuerNamespace.of(provider.issuer());
		return new Token(namespace.subject(sub), namespace.sessionOwner(), "jti-" + UUID.randomUUID(), sid,
				(Instant.now().getEpochSecond() - 1) * 1000, Instant.now().plusSeconds(300));
	}

	/** A provider's access token as the starter reads it. */
	record Token(String subject, String sessionOwner, String id, String sessionId, long issuedAtMillis,
			Instant expiresAt) implements RevocableToken {
	}

}
