package dev.jwtrevocation.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RevocationSnapshotTests {

	private final MutableClock clock = new MutableClock();

	private final RevocationSnapshot snapshot = new RevocationSnapshot(this.clock);

	private final RevocationKeys.Refusing keys = RevocationKeys
		.refusing(new RevocationKeysTests.TestToken("alice", "jti", "sid", 1_000, Instant.EPOCH));

	@Test
	void verdictWhenNothingHeldThenNotRevoked() {
		assertThat(this.snapshot.verdict(this.keys, 1_000)).isEqualTo(Verdict.NOT_REVOKED);
	}

	@Test
	void applyWhenKeyHasTtlThenRevokedUntilItsRealExpiry() {
		this.snapshot.apply(this.keys.token(), 5_000);
		// Redis still has the key in the millisecond it expires
		this.clock.advance(5_000);
		assertThat(this.snapshot.verdict(this.keys, 1_000)).isEqualTo(Verdict.REVOKED);
		this.clock.advance(1);
		assertThat(this.snapshot.verdict(this.keys, 1_000)).isEqualTo(Verdict.NOT_REVOKED);
	}

	@Test
	void applyWhenKeyHasNoTtlThenRevokedUntilDeleted() {
		this.snapshot.apply(this.keys.session(), -1);
		this.clock.advance(Duration.ofDays(365).toMillis());
		assertThat(this.snapshot.verdict(this.keys, 1_000)).isEqualTo(Verdict.REVOKED);
		this.snapshot.apply(this.keys.session(), -2);
		assertThat(this.snapshot.verdict(this.keys, 1_000)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.snapshot.size()).isZero();
	}

	@Test
	void suspectWhenTokenKeyPushedThenRefusedUntilTheReReadSaysOtherwise() {
		this.snapshot.suspect(this.keys.token());
		assertThat(this.snapshot.verdict(this.keys, 1_000)).isEqualTo(Verdict.REVOKED);
		// the push was an expiry or an operator's DEL: the re-read removes it
		this.snapshot.apply(this.keys.token(), -2);
		assertThat(this.snapshot.verdict(this.keys, 1_000)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.snapshot.size()).isZero();
	}

	@Test
	void suspectWhenCutoffPushedThenUnknownUntilEveryReReadLanded() {
		this.snapshot.suspect(this.keys.cutoff());
		this.snapshot.suspect(this.keys.cutoff());
		assertThat(this.snapshot.verdict(this.keys, 1_000)).isEqualTo(Verdict.UNKNOWN);
		this.snapshot.applyCutoff(this.keys.cutoff(), "2000", 60_000, true);
		assertThat(this.snapshot.verdict(this.keys, 1_000)).isEqualTo(Verdict.UNKNOWN);
		this.snapshot.applyCutoff(this.keys.cutoff(), "2000", 60_000, true);
		assertThat(this.snapshot.verdict(this.keys, 1_000)).isEqualTo(Verdict.REVOKED);
		assertThat(this.snapshot.verdict(this.keys, 2_001)).isEqualTo(Verdict.NOT_REVOKED);
	}

	@Test
	void applyCutoffWhenNoTtlThenHonouredUntilDeleted() {
		this.snapshot.applyCutoff(this.keys.cutoff(), "2000", -1, false);
		this.clock.advance(Duration.ofDays(30).toMillis());
		assertThat(this.snapshot.verdict(this.keys, 2_000)).isEqualTo(Verdict.REVOKED);
		this.snapshot.applyCutoff(this.keys.cutoff(), null, -2, false);
		assertThat(this.snapshot.verdict(this.keys, 2_000)).isEqualTo(Verdict.NOT_REVOKED);
	}

	@Test
	void recordCutoffWhenAnOlderAnswerLandsLastThenTheLaterCutoffWins() {
		this.snapshot.recordCutoff(this.keys.cutoff(), 3_000, Duration.ofMinutes(1));
		this.snapshot.recordCutoff(this.keys.cutoff(), 2_000, Duration.ofMinutes(1));
		assertThat(this.snapshot.verdict(this.keys, 2_500)).isEqualTo(Verdict.REVOKED);
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
		assertThat(this.snapshot.verdict(this.keys, 1_000)).isEqualTo(Verdict.NOT_REVOKED);
		assertThat(this.snapshot.size()).isZero();
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
