package dev.jwtrevocation.token;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SigningKeyConfigurationTests {

	@Test
	void isObviouslyWeakWhenOneByteOrARepeatedPatternThenTrue() {
		assertThat(SigningKeyConfiguration.isObviouslyWeak(new byte[32])).isTrue();
		assertThat(SigningKeyConfiguration.isObviouslyWeak("abcdabcdabcdabcdabcdabcdabcdabcd".getBytes())).isTrue();
		assertThat(SigningKeyConfiguration.isObviouslyWeak("0123456789abcdef0123456789abcdef".getBytes())).isTrue();
		assertThat(SigningKeyConfiguration.isObviouslyWeak("ababababababababababababababababcd".getBytes())).isTrue();
	}

	@Test
	void isObviouslyWeakWhenRandomThenFalse() {
		SecureRandom random = new SecureRandom();
		for (int i = 0; i < 1000; i++) {
			byte[] key = new byte[32];
			random.nextBytes(key);
			assertThat(SigningKeyConfiguration.isObviouslyWeak(key)).isFalse();
		}
	}

}
