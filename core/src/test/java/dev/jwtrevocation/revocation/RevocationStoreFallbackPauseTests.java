package dev.jwtrevocation.revocation;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RevocationStoreFallbackPauseTests {

	@Test
	void fallbackPauseWhenTheMirrorWillBeWokenThenBacksOffFrom2To16() {
		assertThat(IntStream.range(0, 6).mapToLong((poll) -> RevocationStore.fallbackPause(poll, true)).toArray())
			.containsExactly(2, 4, 8, 16, 16, 16);
	}

	@Test
	void fallbackPauseWhenNoMirrorWillBeWokenThenEveryMillisecondTenTimesThenBacksOff() {
		assertThat(IntStream.range(0, 16).mapToLong((poll) -> RevocationStore.fallbackPause(poll, false)).toArray())
			.containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 4, 8, 16, 16, 16);
	}

}
