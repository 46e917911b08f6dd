package dev.jwtrevocation.token;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CompactJwsTests {

	private static final String SIGNATURE = "A".repeat(43);

	@Test
	void isCanonicalWhenNonAsciiPaddingOrStrayBitsThenFalse() {
		assertThat(CompactJws.isCanonical("eyJhIjoxfQ", 0, 10)).isTrue();
		assertThat(CompactJws.isCanonical("eyJhIjoxfR", 0, 10)).isFalse();
		assertThat(CompactJws.isCanonical("eyJhIjoxfQ==", 0, 12)).isFalse();
		assertThat(CompactJws.isCanonical("eyJhIjoxf\u00e9", 0, 10)).isFalse();
		assertThat(CompactJws.isCanonical("eyJhI", 0, 5)).isFalse();
		assertThat(CompactJws.isCanonical("eyJ+", 0, 4)).isFalse();
	}

	@Test
	void splitWhenCanonicalThenEachPartDecoded() {
		CompactJws jws = CompactJws.split("eyJhIjoxfQ.eyJiIjoyfQ." + SIGNATURE, 43);
		assertThat(new String(jws.header(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
		assertThat(new String(jws.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"b\":2}");
		assertThat(new String(jws.signingInput(), StandardCharsets.US_ASCII)).isEqualTo("eyJhIjoxfQ.eyJiIjoyfQ");
		assertThat(jws.signature()).hasSize(32).containsOnly(0);
	}

	@Test
	void splitWhenAPartIsMissingEmptyOrOfAnotherLengthThenInvalid() {
		for (String token : new String[] { "eyJhIjoxfQ." + SIGNATURE, ".eyJiIjoyfQ." + SIGNATURE,
				"eyJhIjoxfQ.." + SIGNATURE, "eyJhIjoxfQ.eyJiIjoyfQ." + SIGNATURE + "A",
				"eyJhIjoxfQ.eyJiIjoyfQ.x." + SIGNATURE, "eyJhIjoxfQ.eyJiIjoyfR." + SIGNATURE }) {
			assertThatExceptionOfType(InvalidAccessTokenException.class).as(token)
				.isThrownBy(() -> CompactJws.split(token, 43))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(InvalidAccessTokenException.Reason.INVALID));
		}
	}

}
