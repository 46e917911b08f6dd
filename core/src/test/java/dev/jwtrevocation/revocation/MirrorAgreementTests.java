package dev.jwtrevocation.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import dev.jwtrevocation.support.TestRedis;
import dev.jwtrevocation.support.TestToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mirror and strict mode must never disagree about anything that can be done to a
 * revocation key: random revocations, logouts-all, ended sessions and compromised signing
 * keys through the store, and an operator's {@code SET}, {@code DEL}, {@code PERSIST} and
 * {@code PEXPIRE} straight in Redis, against a real Redis. After a revocation through the
 * store, the mirror refuses whatever Redis refuses at once; after anything, both agree
 * within a second. Then again with the mirror's connection killed before a quarter of the
 * revocations through the store: the mirror keeps its copy and replays the change log
 * ({@link ChangeLog}), and still never disagrees. (A key written by hand while the
 * connection is down is not logged: the mirror sees it at its next reload, so by-hand
 * operations run while it is connected.)
 */
class MirrorAgreementTests {

	private static final RevokingScript<Long> END_SESSION = RevokingScript
		.load("dev/jwtrevocation/revocation/end-session.lua");

	private final Random random = new Random(20261129);

	private final String run = "agree" + Long.toString(System.nanoTime() % 100_000, 36);

	private LettuceConnectionFactory factory;

	private RedisClient client;

	private RevocationMirror mirror;

	private RevocationStore store;

	private RevocationStore strict;

	private StringRedisTemplate redis;

	private final List<TestToken> tokens = new ArrayList<>();

	private final CountingMetrics counting = new CountingMetrics();

	/**
	 * A namespace of its own: the global cutoff it writes refuses every token under it.
	 */
	private static final RevocationKeys KEYS = new RevocationKeys("agreement");

	@BeforeEach
	void setUp() {
		TestRedis server = TestRedis.get();
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(server.host(), server.port()));
		this.factory.afterPropertiesSet();
		this.factory.start();
		this.redis = new StringRedisTemplate(this.factory);
		this.client = RedisClient.create(RedisURI.create(server.host(), server.port()));
		Clock clock = Clock.systemUTC();
		TokenLifetimes lifetimes = new TokenLifetimes(Duration.ofSeconds(2), Duration.ofSeconds(20),
				Duration.ofSeconds(40));
		this.mirror = new RevocationMirror(true, KEYS, () -> this.client, Duration.ofSeconds(1), clock, this.counting);
		this.mirror.start();
		this.store = new RevocationStore(this.redis, this.mirror, lifetimes, clock);
		this.strict = new RevocationStore(this.redis,
				new RevocationMirror(false, KEYS, () -> this.client, Duration.ofSeconds(1), clock), lifetimes, clock);
		long now = this.redis
			.execute((org.springframework.data.redis.core.RedisCallback<Long>) (c) -> c.serverCommands().time());
		for (int user = 0; user < 3; user++) {
			for (int session = 0; session < 2; session++) {
				for (int jti = 0; jti < 3; jti++) {
					// two signing keys, and the HS256 secret without a kid
					int kid = this.random.nextInt(3);
					int client = this.random.nextInt(3);
					this.tokens.add(new TestToken(this.run + user, "j" + session + jti, "s" + session,
							now - 2_000 + this.random.nextInt(4_000), Instant.now().plusSeconds(20),
							(kid < 2) ? this.run + "k" + kid : null, (client < 2) ? this.run + "c" + client : null));
				}
			}
		}
		await().atMost(Duration.ofSeconds(5)).until(this.mirror::isTrusted);
	}

	@AfterEach
	void tearDown() {
		for (int user = 0; user < 3; user++) {
			this.redis.delete(this.redis.keys(KEYS.prefix() + RevocationKeys.tag(this.run + user) + "*"));
		}
		this.redis.delete(this.redis.keys(KEYS.signingKey(this.run) + "*"));
		this.redis.delete(this.redis.keys(KEYS.prefix() + "{!c:" + this.run + "*"));
		this.redis.delete(KEYS.globalCutoff());
		this.mirror.stop();
		this.client.shutdown();
		this.factory.destroy();
	}

	@Test
	void randomOperationsWhenAppliedThenMirrorAndStrictNeverDisagree() {
		applyRandomly(false);
	}

	@Test
	void randomOperationsWhenTheMirrorIsDisconnectedBetweenThemThenMirrorAndStrictNeverDisagree() {
		int kills = applyRandomly(true);
		assertThat(kills).isGreaterThan(20);
		// the copy was kept: loaded once at the start, replayed after (almost) every kill
		// (one that lands before the log has an entry to stand at reloads)
		assertThat(this.counting.reloads.get()).isLessThanOrEqualTo(3);
		assertThat(this.counting.replays.get()).isGreaterThanOrEqualTo(kills - 2);
	}

	/**
	 * @return how many times the mirror's connection was killed
	 */
	private int applyRandomly(boolean disconnects) {
		int kills = 0;
		for (int step = 0; step < 300; step++) {
			TestToken token = this.tokens.get(this.random.nextInt(this.tokens.size()));
			int operation = this.random.nextInt(11);
			if (disconnects && (operation < 3 || operation >= 8) && this.random.nextInt(4) == 0) {
				MirrorConnections.kill(this.client);
				kills++;
			}
			String described = apply(operation, token);
			if (operation < 3 || operation >= 8) {
				// acknowledged through the store: the mirror refuses what Redis refuses,
				// now
				// (the mirror is asked first: a key may expire between the two questions)
				for (TestToken each : this.tokens) {
					Verdict verdict = verdict(each);
					if (this.strict.isRevoked(each)) {
						assertThat(verdict).as("step %d (%s): %s", step, described, each)
							.isIn(Verdict.REVOKED, Verdict.UNKNOWN);
					}
				}
			}
			int at = step;
			await().atMost(Duration.ofSeconds(1))
				.pollInterval(Duration.ofMillis(5))
				.untilAsserted(() -> assertAgreement(at, described));
		}
		return kills;
	}

	private String apply(int operation, TestToken token) {
		String key = randomKey(token);
		switch (operation) {
			case 0 -> this.store.revoke(token);
			case 1 -> this.store.revokeAllIssuedUntilNow(token.subject());
			case 2 -> this.store.revoke(END_SESSION, Revocation.ofSession(token.subject(), token.sessionId()),
					List.of(), List.of(String.valueOf(token.issuedAtMillis())));
			case 3 -> {
				String value = RevocationKeys.isCutoff(key) ? String.valueOf(token.issuedAtMillis()) : "1";
				if (this.random.nextBoolean()) {
					this.redis.opsForValue().set(key, value);
				}
				else {
					this.redis.opsForValue().set(key, value, Duration.ofMillis(50 + this.random.nextInt(400)));
				}
			}
			case 4, 5 -> this.redis.delete(key);
			case 6 -> this.redis.persist(key);
			case 7 -> this.redis.expire(key, Duration.ofMillis(20 + this.random.nextInt(300)));
			case 9 -> {
				String client = this.run + "c" + this.random.nextInt(2);
				this.store.revokeClient(client, RevocationCause.of(RevocationCause.OPERATOR, "test"));
				return operation + " " + KEYS.clientCutoff(client);
			}
			case 10 -> {
				// rarely, and early: the global cutoff only moves forward
				long before = token.issuedAtMillis() - 1_500;
				this.store.revokeAllIssuedBefore(before, RevocationCause.of(RevocationCause.OPERATOR, "test"));
				return operation + " " + KEYS.globalCutoff() + "=" + before;
			}
			default -> {
				String kid = this.run + "k" + this.random.nextInt(2);
				this.store.revokeSigningKey(kid, Duration.ofMillis(300 + this.random.nextInt(1_000)));
				return operation + " " + KEYS.signingKey(kid);
			}
		}
		return operation + " " + key;
	}

	private String randomKey(TestToken token) {
		return switch (this.random.nextInt(6)) {
			case 0 -> KEYS.token(token.subject(), token.id());
			case 1 -> KEYS.session(token.subject(), token.sessionId());
			case 2 -> KEYS.signingKey(this.run + "k" + this.random.nextInt(2));
			case 3 -> KEYS.clientCutoff(this.run + "c" + this.random.nextInt(2));
			case 4 -> KEYS.globalCutoff();
			default -> KEYS.cutoff(token.subject());
		};
	}

	private void assertAgreement(int step, String described) {
		for (TestToken token : this.tokens) {
			Verdict verdict = verdict(token);
			assertThat(verdict).as("step %d (%s): %s", step, described, token).isNotEqualTo(Verdict.UNKNOWN);
			assertThat(verdict == Verdict.REVOKED).as("step %d (%s): %s", step, described, token)
				.isEqualTo(this.strict.isRevoked(token));
		}
	}

	private Verdict verdict(RevocableToken token) {
		return this.mirror.verdict(token);
	}

}
