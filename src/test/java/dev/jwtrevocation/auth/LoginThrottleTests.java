package dev.jwtrevocation.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTests {

	@Test
	void addressBlockWhenIpv4ThenTheAddress() {
		assertThat(LoginThrottle.addressBlock("203.0.113.7")).isEqualTo("203.0.113.7");
	}

	@Test
	void addressBlockWhenIpv6ThenItsSlash64() {
		assertThat(LoginThrottle.addressBlock("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2::/64");
		assertThat(LoginThrottle.addressBlock("2001:db8:1:2::1")).isEqualTo("2001:db8:1:2::/64");
		assertThat(LoginThrottle.addressBlock("[::1]")).isEqualTo("0:0:0:0::/64");
	}

	@Test
	void addressBlockWhenGarbageOrHugeThenBoundedPlaceholder() {
		assertThat(LoginThrottle.addressBlock("x".repeat(10_000))).isEqualTo("unknown");
		assertThat(LoginThrottle.addressBlock(null)).isEqualTo("unknown");
		assertThat(LoginThrottle.addressBlock("zz:not:an:address")).isEqualTo("unknown");
	}

}
