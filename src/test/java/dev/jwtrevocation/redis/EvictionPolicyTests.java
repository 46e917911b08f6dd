package dev.jwtrevocation.redis;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class EvictionPolicyTests {

	@ParameterizedTest
	@ValueSource(strings = { "allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu",
			"volatile-random", "volatile-ttl", "some-future-policy" })
	void canEvictWhenAnyPolicyButNoevictionThenTrue(String policy) {
		assertThat(EvictionPolicy.canEvict(policy)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "noeviction", "NOEVICTION", " noeviction " })
	void canEvictWhenNoevictionThenFalse(String policy) {
		assertThat(EvictionPolicy.canEvict(policy)).isFalse();
	}

}
