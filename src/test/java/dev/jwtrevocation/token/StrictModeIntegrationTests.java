package dev.jwtrevocation.token;

import java.util.Properties;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.RedisCallback;
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

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RevocationMirror mirror;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
	}

	@Test
	void meWhenStrictThenExactlyOneRedisCommandPerRequest() {
		String token = this.api.newUserToken(Api.uniqueUsername());
		long before = commandsProcessed(this.redis);
		assertThat(this.api.get("/api/me", token).status()).isEqualTo(200);
		long after = commandsProcessed(this.redis);
		// the INFO that took the first reading is counted in the second one
		assertThat(after - before).isEqualTo(2);
		assertThat(this.mirror.isTrusted()).isFalse();
	}

	@Test
	void logoutWhenStrictThenTokenRefused() {
		String token = this.api.newUserToken(Api.uniqueUsername());
		assertThat(this.api.post("/auth/logout", token).status()).isEqualTo(204);
		assertThat(this.api.get("/api/me", token).status()).isEqualTo(401);
	}

	static long commandsProcessed(StringRedisTemplate redis) {
		Properties stats = redis
			.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands().info("stats"));
		return Long.parseLong(stats.getProperty("total_commands_processed"));
	}

}
