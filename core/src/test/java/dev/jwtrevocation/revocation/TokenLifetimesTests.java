package dev.jwtrevocation.revocation;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenLifetimesTests {

	private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

	private static final TokenLifetimes LIFETIMES = new TokenLifetimes(Duration.ofSeconds(30), Duration.ofMinutes(15),
			Duration.ofDays(7));

	@Test
	void tokenWhenWholeSecondsRemainThenRemainingPlusTwoSkews() {
		// one skew: the verifier's leeway; the other: its clock lagging the writer's
		assertThat(LIFETIMES.token(NOW.plusSeconds(900), NOW)).isEqualTo(Duration.ofSeconds(960));
	}

	@Test
	void tokenWhenPartOfASecondRemainsThenRoundedUp() {
		assertThat(LIFETIMES.token(NOW.plusMillis(899_001), NOW)).isEqualTo(Duration.ofSeconds(960));
	}

	@Test
	void tokenWhenExpiredButWithinTheSkewsThenOnlyTheRest() {
		assertThat(LIFETIMES.token(NOW.minusSeconds(10), NOW)).isEqualTo(Duration.ofSeconds(50));
	}

	@Test
	void tokenWhenLongExpiredThenAtLeastOneSecond() {
		assertThat(LIFETIMES.token(NOW.minusSeconds(600), NOW)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void sessionWhenEndedThenOutlivesTheLatestTokenByThreeSkews() {
		// the latest token's exp was computed on its issuer's clock: one more skew
		assertThat(LIFETIMES.sessionAfterLastIssue()).isEqualTo(Duration.ofMinutes(15).plusSeconds(90));
	}

	@Test
	void cutoffWhenRefreshTokensLiveLongerThenTheirLifetimePlusSkew() {
		assertThat(LIFETIMES.cutoff()).isEqualTo(Duration.ofDays(7).plusSeconds(30));
	}

	@Test
	void cutoffWhenAccessTokensLiveLongerThenTheSessionLifetime() {
		TokenLifetimes lifetimes = new TokenLifetimes(Duration.ofSeconds(30), Duration.ofHours(2), Duration.ofHours(1));
		assertThat(lifetimes.cutoff()).isEqualTo(Duration.ofHours(2).plusSeconds(90));
	}

}
