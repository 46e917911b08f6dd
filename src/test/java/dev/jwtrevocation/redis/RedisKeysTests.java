package dev.jwtrevocation.redis;

import dev.jwtrevocation.revocation.RevocationKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisKeysTests {

	@Test
	void keysWhenUsernameHasCapitalsThenOneLowerCaseHashTagForAllOfTheUsersKeys() {
		assertThat(RedisKeys.DEFAULT.session("Alice", "s1")).isEqualTo("jr:session:{alice}:s1");
		assertThat(RedisKeys.DEFAULT.lostRotation("Alice", "s1")).isEqualTo("jr:session:{alice}:s1:lost");
		assertThat(RedisKeys.DEFAULT.sessionIndex("Alice")).isEqualTo("jr:sessions:{alice}");
		assertThat(RedisKeys.DEFAULT.user("Alice")).isEqualTo("jr:user:{alice}");
		assertThat(RedisKeys.DEFAULT.loginThrottle("Alice", "::1")).isEqualTo("jr:throttle:{alice}:::1");
	}

	@Test
	void keysWhenSameUserThenSameHashTagAsTheRevocationKeys() {
		assertThat(RedisKeys.DEFAULT.session("Alice", "s1")).contains(RevocationKeys.tag("alice"));
		assertThat(RevocationKeys.DEFAULT.cutoff("ALICE")).contains(RevocationKeys.tag("Alice"));
	}

	@Test
	void keysWhenAnotherNamespaceThenTheApplicationsKeysShareIt() {
		RedisKeys keys = new RedisKeys(new RevocationKeys("tenant-b"));
		assertThat(keys.user("Alice")).isEqualTo("tenant-b:user:{alice}");
		assertThat(keys.session("Alice", "s1")).isEqualTo("tenant-b:session:{alice}:s1");
		assertThat(keys.addressThrottle("203.0.113.7")).isEqualTo("tenant-b:throttle-address:203.0.113.7");
		assertThat(keys.cutoff("Alice")).isEqualTo("tenant-b:r:{alice}:cutoff");
	}

}
