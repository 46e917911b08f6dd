package dev.jwtrevocation.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisKeysTests {

	@Test
	void keysWhenUsernameHasCapitalsThenOneLowerCaseHashTagForAllOfTheUsersKeys() {
		assertThat(RedisKeys.revokedToken("Alice", "abc")).isEqualTo("jr:r:{alice}:j:abc");
		assertThat(RedisKeys.revokedSession("Alice", "s1")).isEqualTo("jr:r:{alice}:s:s1");
		assertThat(RedisKeys.revocationCutoff("Alice")).isEqualTo("jr:r:{alice}:cutoff");
		assertThat(RedisKeys.session("Alice", "s1")).isEqualTo("jr:session:{alice}:s1");
		assertThat(RedisKeys.rotatedRefreshTokens("Alice", "s1")).isEqualTo("jr:session:{alice}:s1:rotated");
		assertThat(RedisKeys.sessionIndex("Alice")).isEqualTo("jr:sessions:{alice}");
		assertThat(RedisKeys.user("Alice")).isEqualTo("jr:user:{alice}");
		assertThat(RedisKeys.loginThrottle("Alice", "::1")).isEqualTo("jr:throttle:{alice}:::1");
	}

	@Test
	void revocationKeysWhenAnyKindThenUnderTheOnePrefix() {
		assertThat(RedisKeys.revokedToken("a", "b")).startsWith(RedisKeys.REVOCATION_PREFIX);
		assertThat(RedisKeys.revokedSession("a", "b")).startsWith(RedisKeys.REVOCATION_PREFIX);
		assertThat(RedisKeys.revocationCutoff("a")).startsWith(RedisKeys.REVOCATION_PREFIX);
	}

	@Test
	void refusingWhenAskedThenTheSameThreeKeysAsTheSingleKeyMethodsInMgetOrder() {
		assertThat(RedisKeys.refusing("Alice", "abc", "s1")).containsExactly(RedisKeys.revokedToken("alice", "abc"),
				RedisKeys.revokedSession("alice", "s1"), RedisKeys.revocationCutoff("alice"));
	}

}
