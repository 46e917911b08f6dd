package dev.jwtrevocation.token;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RevocationStoreTests {

	private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

	@Test
	void denylistTtlWhenWholeSecondsRemainThenRemainingPlusSkew() {
		assertThat(RevocationStore.denylistTtl(NOW.plusSeconds(900), NOW, Duration.ofSeconds(30)))
			.isEqualTo(Duration.ofSeconds(930));
	}

	@Test
	void denylistTtlWhenFractionRemainsThenRoundedUp() {
		assertThat(RevocationStore.denylistTtl(NOW.plusMillis(899_001), NOW, Duration.ofSeconds(30)))
			.isEqualTo(Duration.ofSeconds(930));
	}

	@Test
	void denylistTtlWhenTokenIsPastExpiryButInsideSkewThenTheRestOfTheSkew() {
		assertThat(RevocationStore.denylistTtl(NOW.minusSeconds(10), NOW, Duration.ofSeconds(30)))
			.isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void denylistTtlWhenNothingRemainsThenOneSecondNotZero() {
		// SET with EX 0 is an error in Redis: never send it
		assertThat(RevocationStore.denylistTtl(NOW.minusSeconds(60), NOW, Duration.ZERO))
			.isEqualTo(Duration.ofSeconds(1));
	}

}
