package dev.jwtrevocation.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressesTests {

	@Test
	void addressBlockWhenIpv4ThenTheAddress() {
		assertThat(ClientAddresses.block("203.0.113.7")).isEqualTo("203.0.113.7");
	}

	@Test
	void addressBlockWhenIpv6ThenItsSlash64() {
		assertThat(ClientAddresses.block("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ClientAddresses.block("2001:db8:1:2::1")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ClientAddresses.block("[::1]")).isEqualTo("0:0:0:0::/64");
	}

	@Test
	void addressBlockWhenGarbageOrHugeThenBoundedPlaceholder() {
		assertThat(ClientAddresses.block("x".repeat(10_000))).isEqualTo("unknown");
		assertThat(ClientAddresses.block(null)).isEqualTo("unknown");
		assertThat(ClientAddresses.block("zz:not:an:address")).isEqualTo("unknown");
	}

}
