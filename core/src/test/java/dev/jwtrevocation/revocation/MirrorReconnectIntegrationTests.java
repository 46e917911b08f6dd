package dev.jwtrevocation.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.lettuce.core.RedisClient;
import dev.jwtrevocation.support.TestRedis;
import dev.jwtrevocation.support.TestToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mirror whose connection drops keeps its copy and reads only what the change log says
 * changed meanwhile; it reloads when the log cannot say (flushed, trimmed past its
 * position). Against a redis-server of its own, whose mirror connections the tests kill
 * as an operator's {@code CLIENT KILL} would.
 */
class MirrorReconnectIntegrationTests {

	private static final RevocationKeys KEYS = RevocationKeys.DEFAULT;

	private static final TokenLifetimes LIFETIMES = new TokenLifetimes(Duration.ofSeconds(30), Duration.ofMinutes(15),
			Duration.ofDays(7));

	private final CountingMetrics counting = new CountingMetrics();

	private TestRedis.Standalone server;

	private RedisClient client;

	private LettuceConnectionFactory factory;

	private StringRedisTemplate redis;

	private RevocationMirror mirror;

	/**
	 * Another instance, without a mirror: what it writes reaches the mirror by push or
	 * log.
	 */
	private RevocationStore other;

	@BeforeEach
	void setUp() {
		this.server = TestRedis.standalone();
		this.client = RedisClient.create(this.server.url());
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", this.server.port()));
		this.factory.afterPropertiesSet();
		this.factory.start();
		this.redis = new StringRedisTemplate(this.factory);
		this.mirror = new RevocationMirror(true, KEYS, () -> this.client, Duration.ofSeconds(1), Clock.systemUTC(),
				this.counting);
		this.other = new RevocationStore(this.redis,
				new RevocationMirror(false, KEYS, () -> this.client, Duration.ofSeconds(1), Clock.systemUTC()),
				LIFETIMES, Clock.systemUTC());
		this.mirror.start();
		await().atMost(Duration.ofSeconds(10)).until(this.mirror::isTrusted);
	}

	@AfterEach
	void tearDown() {
		this.mirror.stop();
		this.client.shutdown();
		this.factory.destroy();
		this.server.close();
	}

	@Test
	void connectionKilledWhenRevocationsAreWrittenMeanwhileThenTheCopyIsKeptAndCatchesUp() {
		TestToken before = token("alice", "a1");
		this.other.revoke(before);
		assertThat(this.mirror.verdict(before)).isEqualTo(Verdict.REVOKED);
		TestToken revokedAway = token("bob", "b1");
		TestToken cutOffAway = token("carol", "c1");
		TestToken untouched = token("dave", "d1");

		assertThat(MirrorConnections.kill(this.client)).isPositive();
		// written at once, before the mirror can have tracking on again: each revoker
		// then waits for the mirror's confirmation (or its lease)
		this.other.revoke(revokedAway);
		this.other.revokeAllIssuedUntilNow("carol");
		await().atMost(Duration.ofSeconds(5)).until(this.mirror::isTrusted);

		assertThat(this.mirror.verdict(before)).isEqualTo(Verdict.REVOKED);
		assertThat(this.mirror.verdict(revokedAway)).isEqualTo(Verdict.REVOKED);
		assertThat(this.mirror.verdict(cutOffAway)).isEqualTo(Verdict.REVOKED);
		assertThat(this.mirror.verdict(untouched)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.counting.reloads).hasValue(1);
		assertThat(this.counting.replays).hasValue(1);
	}

	@Test
	void connectionKilledWhenARevocationIsLiftedMeanwhileThenTheCopyDropsIt() {
		TestToken lifted = token("erin", "e1");
		String entry = this.other.revoke(lifted, RevocationCause.of(RevocationCause.OPERATOR, "test"));
		assertThat(this.mirror.verdict(lifted)).isEqualTo(Verdict.REVOKED);

		assertThat(MirrorConnections.kill(this.client)).isPositive();
		this.other.lift(this.other.trail().find(entry).orElseThrow(),
				RevocationCause.of(RevocationCause.OPERATOR, "test"));
		await().atMost(Duration.ofSeconds(5)).until(this.mirror::isTrusted);

		assertThat(this.mirror.verdict(lifted)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.counting.reloads).hasValue(1);
		assertThat(this.counting.replays).hasValue(1);
	}

	@Test
	void connectionKilledWhenRedisIsFlushedThenTheCopyIsReloaded() {
		TestToken flushed = token("frank", "f1");
		this.other.revoke(flushed);
		assertThat(this.mirror.verdict(flushed)).isEqualTo(Verdict.REVOKED);

		assertThat(MirrorConnections.kill(this.client)).isPositive();
		// before the mirror is back (the log's entry is gone) or after (the flush's
		// push):
		// either way the copy is reloaded, never replayed past the flush
		this.redis.getRequiredConnectionFactory().getConnection().serverCommands().flushAll();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.counting.reloads.get() == 2 && this.mirror.isTrusted());

		assertThat(this.mirror.verdict(flushed)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.counting.replays.get()).isLessThanOrEqualTo(1);
	}

	@Test
	void connectionKilledWhenTheLogWasTrimmedPastTheCopyThenTheCopyIsReloaded() {
		TestToken early = token("grace", "g1");
		this.other.revoke(early);
		assertThat(this.mirror.verdict(early)).isEqualTo(Verdict.REVOKED);

		// the entry the copy stands at is gone, as if thousands of revocations had
		// followed
		this.redis.opsForStream().trim(KEYS.changeLog(), 0);
		assertThat(MirrorConnections.kill(this.client)).isPositive();
		TestToken late = token("heidi", "h1");
		this.other.revoke(late);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.counting.reloads.get() == 2 && this.mirror.isTrusted());

		assertThat(this.mirror.verdict(early)).isEqualTo(Verdict.REVOKED);
		assertThat(this.mirror.verdict(late)).isEqualTo(Verdict.REVOKED);
		assertThat(this.counting.replays).hasValue(0);
	}

	@Test
	void replayWhenKeysWereWrittenAfterThePositionThenReadsEachAsItIsNow() {
		RevocationSnapshot copy = new RevocationSnapshot(KEYS, Clock.systemUTC());
		try (RevocationFeed feed = RevocationFeed.open(this.client, KEYS, "replay-test", new IgnoringListener())) {
			this.other.revoke(token("ivan", "i0"));
			String position = feed.heartbeat(KEYS.heartbeat("replay-test", 1), "replay-test", 0, 1_000)
				.toCompletableFuture()
				.join()
				.logged();
			assertThat(position).isNotEmpty();
			TestToken revoked = token("judy", "j1");
			this.other.revoke(revoked);
			this.other.revokeAllIssuedUntilNow("mallory");
			// a push whose re-read a lost connection took with it: refused until read
			TestToken stale = token("peggy", "p0");
			copy.suspect(KEYS.token("peggy", "p0"));
			assertThat(copy.verdict(stale)).isEqualTo(Verdict.REVOKED);

			int read = feed.replay(position, List.of(KEYS.token("peggy", "p0")), copy, 1_000);

			assertThat(read).isEqualTo(3);
			assertThat(copy.verdict(revoked)).isEqualTo(Verdict.REVOKED);
			assertThat(copy.verdict(token("mallory", "m1"))).isEqualTo(Verdict.REVOKED);
			assertThat(copy.verdict(stale)).isEqualTo(Verdict.NOT_REVOKED);
			// logged before the position: not read again
			assertThat(copy.verdict(token("ivan", "i0"))).isEqualTo(Verdict.NOT_REVOKED);

			this.redis.opsForStream().trim(KEYS.changeLog(), 0);
			assertThat(feed.replay(position, List.of(), copy, 1_000)).isEqualTo(-1);
		}
	}

	@Test
	void revocationWhenWrittenThenItsKeyIsLoggedAndTheLogIsBounded() {
		RevocationStore bounded = new RevocationStore(this.redis,
				new RevocationMirror(false, KEYS, () -> this.client, Duration.ofSeconds(1), Clock.systemUTC()),
				LIFETIMES, Clock.systemUTC(), RevocationMetrics.NONE, null,
				new RevocationTrail(this.redis, KEYS, 1_000, Duration.ofDays(1)), ChangeLog.of(KEYS, 150));
		for (int i = 0; i < 400; i++) {
			bounded.revoke(token("oscar", "o" + i));
		}
		// MAXLEN ~: whole stream nodes (100 entries) are dropped, never fewer than asked
		Long length = this.redis.opsForStream().size(KEYS.changeLog());
		assertThat(length).isBetween(150L, 250L);
		assertThat(this.redis.opsForStream().reverseRange(KEYS.changeLog(), Range.unbounded(), Limit.limit().count(1)))
			.singleElement()
			.satisfies((record) -> assertThat(record.getValue()).containsEntry("k", KEYS.token("oscar", "o399")));
	}

	private static TestToken token(String user, String jti) {
		return new TestToken(user, jti, "s-" + jti, System.currentTimeMillis() - 1_000, Instant.now().plusSeconds(30));
	}

	private static final class IgnoringListener implements RevocationFeed.Listener {

		@Override
		public void onChanged(RevocationFeed feed, List<String> keys) {
		}

		@Override
		public void onFlushed(RevocationFeed feed) {
		}

		@Override
		public void onLost(RevocationFeed feed, String why) {
		}

	}

}
