package dev.jwtrevocation.revocation;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyFingerprintTests {

	/** The reference key 00 01 .. 0f of the SipHash paper, with its 2-4 rounds. */
	private final KeyFingerprint reference = new KeyFingerprint(0x0706050403020100L, 0x0f0e0d0c0b0a0908L,
			0x0706050403020100L, 0x0f0e0d0c0b0a0908L, 2, 4);

	@Test
	void firstWhenReferenceKeyThenMatchesSipHashTestVectors() {
		// vectors_sip64 of the reference implementation: the empty message, and 00 01
		// (one UTF-16LE code unit, U+0100)
		assertThat(this.reference.first("")).isEqualTo(0x726fdb47dd0e0e31L);
		assertThat(this.reference.first("\u0100")).isEqualTo(0x0d6c8009d9a94f5aL);
	}

	@Test
	void firstWhenKeySplitAnywhereThenSameFingerprint() {
		KeyFingerprint fingerprint = new KeyFingerprint(new SecureRandom());
		String key = "jr:r:{alice}:j:MeUN4BQvJiCOaY5z8Q4IsQ";
		for (int i = 0; i <= key.length(); i++) {
			for (int j = i; j <= key.length(); j++) {
				String a = key.substring(0, i);
				String b = key.substring(i, j);
				String c = key.substring(j);
				assertThat(fingerprint.first(a, b, c, "")).isEqualTo(fingerprint.first(key));
				assertThat(fingerprint.second("", a, b, c)).isEqualTo(fingerprint.second(key));
			}
		}
	}

	@Test
	void firstWhenDifferentKeysThenDifferentFingerprintsAndHalvesDiffer() {
		KeyFingerprint fingerprint = new KeyFingerprint(new SecureRandom());
		Set<Long> firsts = new HashSet<>();
		for (int i = 0; i < 100_000; i++) {
			String key = "jr:r:{user" + i + "}:j:x";
			assertThat(firsts.add(fingerprint.first(key))).isTrue();
			assertThat(fingerprint.second(key)).isNotEqualTo(fingerprint.first(key));
		}
		// the same key under other secret keys: not the same fingerprint
		assertThat(new KeyFingerprint(new SecureRandom()).first("jr:r:{user1}:j:x"))
			.isNotEqualTo(fingerprint.first("jr:r:{user1}:j:x"));
	}

}
