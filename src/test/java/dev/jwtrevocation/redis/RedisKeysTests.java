package dev.jwtrevocation.redis;

import dev.jwtrevocation.revocation.RevocationKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisKeysTests {

	@Test
	void keysWhenUsernameHasCapitalsThenOneLowerCaseHashTagForAllOfTheUsersKeys() {
		assertThat(RedisKeys.session("Alice", "s1")).isEqualTo("jr:session:{alice}:s1");
		assertThat(RedisKeys.lostRotation("Alice", "s1")).isEqualTo("jr:session:{alice}:s1:lost");
		assertThat(RedisKeys.sessionIndex("Alice")).isEqualTo("jr:sessions:{alice}");
		assertThat(RedisKeys.user("Alice")).isEqualTo("jr:user:{alice}");
		assertThat(RedisKeys.loginThrottle("Alice", "::1")).isEqualTo("jr:throttle:{alice}:::1");
	}

	@Test
	void keysWhenSameUserThenSameHashTagAsTheRevocationKeys() {
		assertThat(RedisKeys.session("Alice", "s1")).contains(RevocationKeys.tag("alice"));
		assertThat(RevocationKeys.cutoff("ALICE")).contains(RevocationKeys.tag("Alice"));
	}

}
