package dev.jwtrevocation.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The denylist entry lives exactly as long as the token could still be accepted, and not
 * longer.
 */
@IntegrationTest
@TestPropertySource(properties = { "jwt.access-token-ttl=2s", "jwt.clock-skew=3s" })
class ShortLivedTokenIntegrationTests {

	Api api;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void logoutWhenTokenExpiresThenKeyIsGoneAndTokenIsStillRefused() {
		String username = Api.uniqueUsername();
		String token = this.api.newUserToken(username);
		String jti = this.api.get("/api/me", token).json().get("jti").asString();
		assertThat(this.api.post("/auth/logout", token).status()).isEqualTo(204);
		String key = "jr:r:{" + username + "}:j:" + jti;
		// exp is at most 2 s away, plus twice 3 s of skew, rounded up
		assertThat(this.redis.getExpire(key, TimeUnit.MILLISECONDS)).isBetween(6000L, 9000L);

		await().atMost(Duration.ofSeconds(11)).until(() -> !Boolean.TRUE.equals(this.redis.hasKey(key)));

		Response me = this.api.get("/api/me", token);
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.header("WWW-Authenticate")).contains("error_description=\"The access token has expired\"");
	}

	@Test
	void meWhenTokenIsWithinTheSkewAfterExpiryThenStillAcceptedSoTheDenylistMustCoverIt() throws Exception {
		String username = Api.uniqueUsername();
		String token = this.api.newUserToken(username);
		String other = this.api.loginToken(username, "correct horse battery");
		Instant expiresAt = Instant.parse(this.api.get("/api/me", other).json().get("expires_at").asString());
		assertThat(this.api.post("/auth/logout", token).status()).isEqualTo(204);
		// past exp but inside the 3 s leeway: an unrevoked token still works ...
		Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis() + 300));
		assertThat(this.api.get("/api/me", other).status()).isEqualTo(200);
		// ... so the revoked one must still be on the denylist
		assertThat(this.api.get("/api/me", token).header("WWW-Authenticate")).contains("revoked");
	}

}
