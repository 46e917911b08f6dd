package dev.jwtrevocation.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Revocations of an OpenID provider's sessions and subjects, written by one instance (the
 * hub) against a real Redis, as a resource server's mirror and the strict check see them
 * from the moment the write returns.
 */
class ProviderRevocationIntegrationTests {

	private static final RevocationSource BACKCHANNEL = new RevocationSource("https://idp.example",
			"backchannel-logout", null);

	private static final IssuerNamespace IDP = IssuerNamespace.of("https://idp.example");

	private static final IssuerNamespace OTHER_IDP = IssuerNamespace.of("https://other.example");

	private final TokenLifetimes lifetimes = new TokenLifetimes(Duration.ofSeconds(30), Duration.ofMinutes(15),
			Duration.ofDays(7), Duration.ofMinutes(5));

	private RedisClient client;

	private LettuceConnectionFactory connections;

	private StringRedisTemplate redis;

	private RevocationMirror hubMirror;

	private RevocationMirror resourceServer;

	private RevocationStore hub;

	private RevocationStore resourceServerStore;

	@BeforeEach
	void start() {
		TestRedis server = TestRedis.get();
		this.client = RedisClient.create(RedisURI.create(server.host(), server.port()));
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(server.host(), server.port()));
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.redis = new StringRedisTemplate(this.connections);
		this.hubMirror = new RevocationMirror(true, RevocationKeys.DEFAULT, () -> this.client, Duration.ofSeconds(1),
				Clock.systemUTC());
		this.resourceServer = new RevocationMirror(true, RevocationKeys.DEFAULT, () -> this.client,
				Duration.ofSeconds(1), Clock.systemUTC());
		this.hubMirror.start();
		this.resourceServer.start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.hubMirror.isTrusted() && this.resourceServer.isTrusted());
		this.hub = new RevocationStore(this.redis, this.hubMirror, this.lifetimes, Clock.systemUTC());
		this.resourceServerStore = new RevocationStore(this.redis, this.resourceServer, this.lifetimes,
				Clock.systemUTC());
	}

	@AfterEach
	void stop() {
		this.hubMirror.stop();
		this.resourceServer.stop();
		this.connections.destroy();
		this.client.shutdown();
	}

	@Test
	void sessionWhenRevokedThenEveryTokenCarryingItIsRefusedEverywhereAndNothingElse() {
		String sub = "3f2c-alice-" + System.nanoTime();
		ProviderToken sameSession = token(IDP, sub, "jti-1", "kc-session-1", nowSeconds());
		ProviderToken otherSession = token(IDP, sub, "jti-2", "kc-session-2", nowSeconds());
		ProviderToken sameSubAtOtherIdp = token(OTHER_IDP, sub, "jti-3", "kc-session-1", nowSeconds());
		assertThat(this.resourceServerStore.isRevoked(sameSession)).isFalse();

		this.hub.revokeSession(IDP.sessionOwner(), "kc-session-1", this.lifetimes.providerRevocation(), BACKCHANNEL);

		// the write returned: the resource server's copy has it, and so has Redis
		assertThat(this.resourceServer.verdict(sameSession)).isEqualTo(Verdict.REVOKED);
		assertThat(this.resourceServerStore.isRevokedInRedis(RevocationKeys.DEFAULT.refusing(sameSession), sameSession))
			.isTrue();
		assertThat(this.resourceServerStore.isRevoked(otherSession)).isFalse();
		assertThat(
				this.resourceServerStore.isRevokedInRedis(RevocationKeys.DEFAULT.refusing(otherSession), otherSession))
			.isFalse();
		assertThat(this.resourceServerStore.isRevoked(sameSubAtOtherIdp)).isFalse();
		Long ttl = this.redis.getExpire(RevocationKeys.DEFAULT.session(IDP.sessionOwner(), "kc-session-1"));
		// 5 minutes + 3 × 30 s
		assertThat(ttl).isBetween(385L, 390L);
	}

	@Test
	void subjectWhenRevokedThenItsTokensIssuedWithinThatSecondAreRefusedAndLaterOnesAccepted() {
		String sub = "bob-" + System.nanoTime();
		String subject = IDP.subject(sub);
		long now = nowSeconds();
		ProviderToken earlier = token(IDP, sub, "jti-1", "s-1", now - 60);
		ProviderToken withoutSessionOrId = token(IDP, sub, null, null, now);

		long cutoff = this.hub.revokeAllIssuedUntil(subject, 0, this.lifetimes.providerRevocation(), BACKCHANNEL);

		long second = cutoff / 1000;
		assertThat(this.resourceServerStore.isRevoked(earlier)).isTrue();
		assertThat(this.resourceServerStore.isRevoked(withoutSessionOrId)).isTrue();
		assertThat(this.resourceServerStore.isRevoked(token(IDP, sub, "jti-3", "s-3", second))).isTrue();
		assertThat(this.resourceServerStore.isRevoked(token(IDP, sub, "jti-4", "s-4", second + 1))).isFalse();
		ProviderToken later = token(IDP, sub, null, null, second + 1);
		assertThat(this.resourceServerStore.isRevokedInRedis(RevocationKeys.DEFAULT.refusing(later), later)).isFalse();
		assertThat(this.resourceServerStore.isRevokedInRedis(RevocationKeys.DEFAULT.refusing(withoutSessionOrId),
				withoutSessionOrId))
			.isTrue();
	}

	@Test
	void subjectWhenTheProvidersClockIsAheadThenTheCutoffFollowsItAndNeverMovesBack() {
		String sub = "carol-" + System.nanoTime();
		String subject = IDP.subject(sub);
		long ahead = (nowSeconds() + 20) * 1000 + 999;

		long first = this.hub.revokeAllIssuedUntil(subject, ahead, this.lifetimes.providerRevocation(), BACKCHANNEL);
		long second = this.hub.revokeAllIssuedUntil(subject, 0, this.lifetimes.providerRevocation(), BACKCHANNEL);

		assertThat(first).isEqualTo(ahead);
		assertThat(second).isEqualTo(ahead);
		assertThat(this.redis.opsForValue().get(RevocationKeys.DEFAULT.cutoff(subject)))
			.isEqualTo(String.valueOf(ahead));
		// issued on the provider's clock 20 s ahead of Redis's, before its logout
		assertThat(this.resourceServerStore.isRevoked(token(IDP, sub, "jti", "s", ahead / 1000))).isTrue();
	}

	@Test
	void sessionWhenTheTokenCarriesNoSidThenOnlyItsSubjectsCutoffCanRefuseIt() {
		String sub = "dave-" + System.nanoTime();
		ProviderToken withoutSid = token(IDP, sub, "jti-1", null, nowSeconds() - 1);

		this.hub.revokeSession(IDP.sessionOwner(), "kc-session-1", this.lifetimes.providerRevocation(), BACKCHANNEL);

		assertThat(this.resourceServerStore.isRevoked(withoutSid)).isFalse();
		assertThat(this.resourceServerStore.isRevokedInRedis(RevocationKeys.DEFAULT.refusing(withoutSid), withoutSid))
			.isFalse();
	}

	private static long nowSeconds() {
		return Instant.now().getEpochSecond();
	}

	private static ProviderToken token(IssuerNamespace issuer, String sub, String jti, String sid,
			long issuedAtSeconds) {
		return new ProviderToken(issuer.subject(sub), issuer.sessionOwner(), jti, sid, issuedAtSeconds * 1000,
				Instant.now().plusSeconds(300));
	}

	/** A provider's token as the starter reads it. */
	record ProviderToken(String subject, String sessionOwner, String id, String sessionId, long issuedAtMillis,
			Instant expiresAt) implements RevocableToken {
	}

}
