package dev.jwtrevocation.token;

import dev.jwtrevocation.revocation.RevocationMirror;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.support.RedisStats;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code revocation.mode=strict}: no local copy, exactly one Redis command per
 * authenticated request, counted on the server with {@code INFO}.
 */
@IntegrationTest
@TestPropertySource(properties = "revocation.mode=strict")
class StrictModeIntegrationTests {

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RevocationMirror mirror;

	Api api;

	@Test
	void meWhenStrictThenExactlyOneMgetPerRequest() {
		String token = this.api.newUserToken(Api.uniqueUsername());
		long before = RedisStats.mgetCalls(this.redis);
		for (int i = 0; i < 10; i++) {
			assertThat(this.api.get("/api/me", token).status()).isEqualTo(200);
		}
		assertThat(RedisStats.mgetCalls(this.redis) - before).isEqualTo(10);
		assertThat(this.mirror.isTrusted()).isFalse();
	}

	@Test
	void logoutWhenStrictThenTokenRefused() {
		String token = this.api.newUserToken(Api.uniqueUsername());
		assertThat(this.api.post("/auth/logout", token).status()).isEqualTo(204);
		assertThat(this.api.get("/api/me", token).status()).isEqualTo(401);
	}

}
