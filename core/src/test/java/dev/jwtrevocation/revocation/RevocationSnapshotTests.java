package dev.jwtrevocation.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.jwtrevocation.support.TestToken;

import static org.assertj.core.api.Assertions.assertThat;

class RevocationSnapshotTests {

	private final MutableClock clock = new MutableClock();

	private final RevocationSnapshot snapshot = new RevocationSnapshot(RevocationKeys.DEFAULT, this.clock);

	private final RevocationKeys.Refusing keys = RevocationKeys.DEFAULT
		.refusing(new TestToken("Alice", "jti", "sid", 1_000, Instant.EPOCH));

	@Test
	void verdictWhenNothingHeldThenNotRevoked() {
		assertThat(verdict(1_000)).isEqualTo(Verdict.NOT_REVOKED);
	}

	@Test
	void applyWhenKeyHasTtlThenRevokedUntilItsRealExpiry() {
		this.snapshot.apply(this.keys.token(), 5_000);
		// Redis still has the key in the millisecond it expires
		this.clock.advance(5_000);
		assertThat(verdict(1_000)).isEqualTo(Verdict.REVOKED);
		this.clock.advance(1);
		assertThat(verdict(1_000)).isEqualTo(Verdict.NOT_REVOKED);
	}

	@Test
	void applyWhenKeyHasNoTtlThenRevokedUntilDeleted() {
		this.snapshot.apply(this.keys.session(), -1);
		this.clock.advance(Duration.ofDays(365).toMillis());
		assertThat(verdict(1_000)).isEqualTo(Verdict.REVOKED);
		this.snapshot.apply(this.keys.session(), -2);
		assertThat(verdict(1_000)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.snapshot.size()).isZero();
	}

	@Test
	void loadPresentWhenFoundByALoadThenHeldForTheLongestLifeOfSuchAKey() {
		this.snapshot.loadPresent(this.keys.token());
		long longest = TokenLifetimes.DEFAULT.longestRevocation().toMillis();
		this.clock.advance(longest);
		assertThat(verdict(1_000)).isEqualTo(Verdict.REVOKED);
		this.clock.advance(1);
		assertThat(verdict(1_000)).isEqualTo(Verdict.NOT_REVOKED);
	}

	@Test
	void loadWhenTheKeyWasPushedDuringTheBulkReadThenThePushsReReadWins() {
		this.snapshot.beginBulk();
		// pushed (an operator's DEL), re-read before the older bulk answer is applied
		this.snapshot.suspect(this.keys.token());
		this.snapshot.apply(this.keys.token(), -2);
		this.snapshot.loadPresent(this.keys.token());
		this.snapshot.loadCutoff(this.keys.cutoff(), "5000", 10_000);
		this.snapshot.endBulk();
		// the token key stays gone; the cutoff, never pushed, is applied
		assertThat(verdict(6_000)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(verdict(1_000)).isEqualTo(Verdict.REVOKED);
		assertThat(this.snapshot.size()).isOne();
		// outside a bulk read, what is read is applied
		this.snapshot.loadPresent(this.keys.token());
		assertThat(verdict(6_000)).isEqualTo(Verdict.REVOKED);
	}

	@Test
	void clearWhenDuringABulkReadThenWhatWasPushedBeforeIsLoadedAgain() {
		this.snapshot.beginBulk();
		this.snapshot.suspect(this.keys.token());
		this.snapshot.clear();
		this.snapshot.loadPresent(this.keys.token());
		this.snapshot.endBulk();
		assertThat(verdict(1_000)).isEqualTo(Verdict.REVOKED);
	}

	@Test
	void suspectWhenTokenKeyPushedThenRefusedUntilTheReReadSaysOtherwise() {
		this.snapshot.suspect(this.keys.token());
		assertThat(verdict(1_000)).isEqualTo(Verdict.REVOKED);
		// the push was an expiry or an operator's DEL: the re-read removes it
		this.snapshot.apply(this.keys.token(), -2);
		assertThat(verdict(1_000)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.snapshot.size()).isZero();
	}

	@Test
	void globalCutoffWhenHeldThenEveryTokenIssuedAtOrBeforeItRefusedWhoeverHoldsIt() {
		RevocableToken before = new TestToken("bob", "j1", "s1", 5_000, Instant.EPOCH);
		RevocableToken at = new TestToken("carol", "j2", "s2", 6_000, Instant.EPOCH, null, "some-client");
		RevocableToken after = new TestToken("bob", "j3", "s3", 6_001, Instant.EPOCH);

		this.snapshot.applyCutoff(RevocationKeys.DEFAULT.globalCutoff(), "6000", 10_000, false);

		assertThat(this.snapshot.verdict(before)).isEqualTo(Verdict.REVOKED);
		assertThat(this.snapshot.verdict(at)).isEqualTo(Verdict.REVOKED);
		assertThat(this.snapshot.verdict(after)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.snapshot.size()).isOne();
		this.clock.advance(10_001);
		assertThat(this.snapshot.verdict(before)).isEqualTo(Verdict.NOT_REVOKED);
		this.snapshot.sweep();
		assertThat(this.snapshot.size()).isZero();
	}

	@Test
	void clientCutoffWhenHeldThenOnlyThatClientsTokensRefused() {
		RevocableToken ofClient = new TestToken("bob", "j1", "s1", 5_000, Instant.EPOCH, null, "Console");
		RevocableToken ofAnother = new TestToken("bob", "j2", "s2", 5_000, Instant.EPOCH, null, "console");
		RevocableToken ofNone = new TestToken("bob", "j3", "s3", 5_000, Instant.EPOCH);
		RevocableToken later = new TestToken("bob", "j4", "s4", 7_000, Instant.EPOCH, null, "Console");

		this.snapshot.applyCutoff(RevocationKeys.DEFAULT.clientCutoff("Console"), "6000", -1, false);

		assertThat(this.snapshot.verdict(ofClient)).isEqualTo(Verdict.REVOKED);
		assertThat(this.snapshot.verdict(ofAnother)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.snapshot.verdict(ofNone)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.snapshot.verdict(later)).isEqualTo(Verdict.NOT_REVOKED);
		this.snapshot.applyCutoff(RevocationKeys.DEFAULT.clientCutoff("Console"), null, -2, false);
		assertThat(this.snapshot.verdict(ofClient)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.snapshot.size()).isZero();
	}

	@Test
	void globalCutoffWhenPushedThenEveryTokenUnknownUntilTheReReadLands() {
		RevocableToken token = new TestToken("bob", "j1", "s1", 5_000, Instant.EPOCH);
		String key = RevocationKeys.DEFAULT.globalCutoff();

		this.snapshot.suspect(key);

		assertThat(this.snapshot.verdict(token)).isEqualTo(Verdict.UNKNOWN);
		this.snapshot.applyCutoff(key, "4000", 10_000, true);
		assertThat(this.snapshot.verdict(token)).isEqualTo(Verdict.NOT_REVOKED);
	}

	@Test
	void recordCutoffWhenAWideCutoffIsHeldThenTheLaterOneWins() {
		RevocableToken token = new TestToken("bob", "j1", "s1", 5_000, Instant.EPOCH);
		String key = RevocationKeys.DEFAULT.globalCutoff();

		this.snapshot.applyCutoff(key, "6000", 10_000, false);
		this.snapshot.recordCutoff(key, 4_000, Duration.ofSeconds(10));

		assertThat(this.snapshot.verdict(token)).isEqualTo(Verdict.REVOKED);
	}

	@Test
	void signingKeyWhenRevokedThenEveryTokenItSignedRefusedAndNoOther() {
		RevocableToken signed = new TestToken("bob", "j1", "s1", 1_000, Instant.EPOCH, "k1");
		RevocableToken other = new TestToken("bob", "j1", "s1", 1_000, Instant.EPOCH, "k2");
		RevocableToken unsigned = new TestToken("bob", "j1", "s1", 1_000, Instant.EPOCH);
		String key = RevocationKeys.DEFAULT.signingKey("k1");

		this.snapshot.apply(key, 10_000);

		assertThat(this.snapshot.verdict(signed)).isEqualTo(Verdict.REVOKED);
		assertThat(this.snapshot.verdict(other)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.snapshot.verdict(unsigned)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.snapshot.size()).isOne();
		this.clock.advance(10_001);
		assertThat(this.snapshot.verdict(signed)).isEqualTo(Verdict.NOT_REVOKED);
		this.snapshot.sweep();
		assertThat(this.snapshot.size()).isZero();
	}

	@Test
	void signingKeyWhenPushedThenRefusedUntilTheReReadFindsItGone() {
		RevocableToken signed = new TestToken("bob", "j1", "s1", 1_000, Instant.EPOCH, "k1");
		String key = RevocationKeys.DEFAULT.signingKey("k1");

		this.snapshot.suspect(key);
		assertThat(this.snapshot.verdict(signed)).isEqualTo(Verdict.REVOKED);
		// an operator's DEL, after a wrong kid was revoked
		this.snapshot.apply(key, -2);
		assertThat(this.snapshot.verdict(signed)).isEqualTo(Verdict.NOT_REVOKED);

		this.snapshot.record(key, Duration.ofMinutes(20));
		assertThat(this.snapshot.verdict(signed)).isEqualTo(Verdict.REVOKED);
		this.snapshot.clear();
		assertThat(this.snapshot.verdict(signed)).isEqualTo(Verdict.NOT_REVOKED);
	}

	@Test
	void suspectWhenCutoffPushedThenUnknownUntilEveryReReadLanded() {
		this.snapshot.suspect(this.keys.cutoff());
		this.snapshot.suspect(this.keys.cutoff());
		assertThat(verdict(1_000)).isEqualTo(Verdict.UNKNOWN);
		this.snapshot.applyCutoff(this.keys.cutoff(), "2000", 60_000, true);
		assertThat(verdict(1_000)).isEqualTo(Verdict.UNKNOWN);
		this.snapshot.applyCutoff(this.keys.cutoff(), "2000", 60_000, true);
		assertThat(verdict(1_000)).isEqualTo(Verdict.REVOKED);
		assertThat(verdict(2_001)).isEqualTo(Verdict.NOT_REVOKED);
	}

	@Test
	void applyCutoffWhenNoTtlThenHonouredUntilDeleted() {
		this.snapshot.applyCutoff(this.keys.cutoff(), "2000", -1, false);
		this.clock.advance(Duration.ofDays(30).toMillis());
		assertThat(verdict(2_000)).isEqualTo(Verdict.REVOKED);
		this.snapshot.applyCutoff(this.keys.cutoff(), null, -2, false);
		assertThat(verdict(2_000)).isEqualTo(Verdict.NOT_REVOKED);
	}

	@Test
	void recordCutoffWhenAnOlderAnswerLandsLastThenTheLaterCutoffWins() {
		this.snapshot.recordCutoff(this.keys.cutoff(), 3_000, Duration.ofMinutes(1));
		this.snapshot.recordCutoff(this.keys.cutoff(), 2_000, Duration.ofMinutes(1));
		assertThat(verdict(2_500)).isEqualTo(Verdict.REVOKED);
	}

	@Test
	void sweepWhenEntriesExpiredThenDropped() {
		this.snapshot.record(this.keys.token(), Duration.ofSeconds(1));
		this.snapshot.recordCutoff(this.keys.cutoff(), 1, Duration.ofSeconds(2));
		this.snapshot.apply(this.keys.session(), -1);
		this.clock.advance(2_001);
		this.snapshot.sweep();
		assertThat(this.snapshot.size()).isEqualTo(1);
	}

	@Test
	void clearWhenCalledThenNothingHeldAndNothingUnsettled() {
		this.snapshot.suspect(this.keys.cutoff());
		this.snapshot.record(this.keys.token(), Duration.ofSeconds(1));
		this.snapshot.clear();
		assertThat(verdict(1_000)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.snapshot.size()).isZero();
	}

	@Test
	void verdictWhenAnotherTokensKeysHeldThenNotRevoked() {
		RevocationKeys.Refusing other = RevocationKeys.DEFAULT
			.refusing(new TestToken("bob", "jti", "sid", 1_000, Instant.EPOCH));
		this.snapshot.apply(other.token(), -1);
		this.snapshot.apply(other.session(), -1);
		this.snapshot.applyCutoff(other.cutoff(), "5000", -1, false);
		this.snapshot.apply(RevocationKeys.DEFAULT.token("alice", "jti2"), -1);
		assertThat(verdict(1_000)).isEqualTo(Verdict.NOT_REVOKED);
		this.snapshot.apply(RevocationKeys.DEFAULT.token("alice", "jti"), -1);
		assertThat(verdict(1_000)).isEqualTo(Verdict.REVOKED);
	}

	@Test
	void sweepWhenManyKeysExpireThenTheLiveOnesAreStillFound() {
		for (int i = 0; i < 10_000; i++) {
			this.snapshot.apply(RevocationKeys.DEFAULT.token("user" + i, "jti"), (i % 3 == 0) ? 60_000 : 1_000);
		}
		this.clock.advance(2_000);
		this.snapshot.sweep();
		assertThat(this.snapshot.size()).isEqualTo(3_334);
		for (int i = 0; i < 10_000; i++) {
			Verdict expected = (i % 3 == 0) ? Verdict.REVOKED : Verdict.NOT_REVOKED;
			assertThat(this.snapshot.verdict(new TestToken("user" + i, "jti", "sid", 1_000, Instant.EPOCH)))
				.as("user%d", i)
				.isEqualTo(expected);
		}
	}

	private Verdict verdict(long issuedAtMillis) {
		return this.snapshot.verdict(new TestToken("Alice", "jti", "sid", issuedAtMillis, Instant.EPOCH));
	}

	static final class MutableClock extends Clock {

		private long millis = 1_700_000_000_000L;

		void advance(long by) {
			this.millis += by;
		}

		@Override
		public long millis() {
			return this.millis;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(this.millis);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
