package dev.jwtrevocation.revocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.jwtrevocation.support.RedisProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Redis user docs/starter.md gives resource servers (the starter): read from that
 * page itself and applied to a real Redis 7, it lets the revocation core's mirror follow
 * and lease like any instance, and refuses every write or deletion of a revocation.
 */
class ReadOnlyRedisUserIntegrationTests {

	private static final String PASSWORD = "CHANGE-ME";

	@Test
	void userFromTheReadmeWhenTheStarterConnectsThenItMirrorsButCannotWriteOrDeleteARevocation() throws Exception {
		assumeTrue(Files.isExecutable(RedisProcess.DEBIAN_BINARY), "Debian's redis-server is not installed");
		try (RedisProcess redis = RedisProcess.start(RedisProcess.DEBIAN_BINARY, false)) {
			RedisClient admin = RedisClient.create(RedisURI.create("127.0.0.1", redis.port()));
			RedisClient orders = RedisClient.create(RedisURI.builder()
				.withHost("127.0.0.1")
				.withPort(redis.port())
				.withAuthentication("orders", PASSWORD)
				.build());
			LettuceConnectionFactory writer = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
			writer.afterPropertiesSet();
			writer.start();
			try (StatefulRedisConnection<String, String> adminConnection = admin.connect()) {
				adminConnection.sync()
					.dispatch(io.lettuce.core.protocol.CommandType.ACL,
							new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
							new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8)
								.addKeys(aclLineFromStarterPage()));
				RevocationMirror mirror = new RevocationMirror(true, RevocationKeys.DEFAULT, () -> orders,
						Duration.ofSeconds(1), Clock.systemUTC());
				RevocationStore revoker = new RevocationStore(new StringRedisTemplate(writer),
						new RevocationMirror(false, RevocationKeys.DEFAULT, () -> admin, Duration.ofSeconds(1),
								Clock.systemUTC()),
						new TokenLifetimes(Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofDays(7)),
						Clock.systemUTC());
				mirror.start();
				try {
					await().atMost(Duration.ofSeconds(10)).until(mirror::isTrusted);
					Token token = new Token("alice", "jti-1", "sid-1");
					assertThat(mirror.verdict(token)).isEqualTo(Verdict.NOT_REVOKED);

					revoker.revoke(token);

					// the admin's revocation waited for this mirror's lease: the copy has
					// it
					assertThat(mirror.verdict(token)).isEqualTo(Verdict.REVOKED);
					// and this mirror, the only one waited for, confirmed it under its
					// read-only user: it wrote the news that wakes the revoker
					assertThat(new StringRedisTemplate(writer).opsForValue().get(RevocationKeys.DEFAULT.confirmed()))
						.isNotNull();
					try (StatefulRedisConnection<String, String> connection = orders.connect()) {
						RedisCommands<String, String> commands = connection.sync();
						String key = RevocationKeys.DEFAULT.token("alice", "jti-1");
						assertThat(commands.mget(key, RevocationKeys.DEFAULT.session("alice", "sid-1"))).hasSize(2);
						assertNoPermission(() -> commands.del(key));
						assertNoPermission(() -> commands.set(RevocationKeys.DEFAULT.token("bob", "x"), "1"));
						assertNoPermission(() -> commands.expire(key, 1));
						assertNoPermission(() -> commands.eval("return redis.call('DEL', KEYS[1])",
								ScriptOutputType.INTEGER, key));
						assertNoPermission(() -> commands.flushall());
						assertNoPermission(() -> commands.set("jr:user:{mallory}", "x"));
						// the change log is read, never written
						assertNoPermission(() -> commands.set(RevocationKeys.DEFAULT.changeLog(), "x"));
						assertNoPermission(() -> commands.del(RevocationKeys.DEFAULT.changeLog()));
						assertThat(adminConnection.sync().exists(key)).isEqualTo(1);
					}
					// a reconnect under this user replays the change log
					assertThat(MirrorConnections.kill(adminConnection)).isPositive();
					Token later = new Token("alice", "jti-2", "sid-2");
					revoker.revoke(later);
					await().atMost(Duration.ofSeconds(10)).until(mirror::isTrusted);
					assertThat(mirror.verdict(later)).isEqualTo(Verdict.REVOKED);
					assertThat(mirror.verdict(token)).isEqualTo(Verdict.REVOKED);
				}
				finally {
					mirror.stop();
				}
			}
			finally {
				writer.destroy();
				admin.shutdown();
				orders.shutdown();
			}
		}
	}

	private static void assertNoPermission(Runnable command) {
		assertThatExceptionOfType(RedisCommandExecutionException.class).isThrownBy(command::run)
			.withMessageContaining("NOPERM");
	}

	/**
	 * The {@code ACL SETUSER ...} line of the starter's page ({@code docs/starter.md}),
	 * split into its arguments.
	 */
	private static List<String> aclLineFromStarterPage() throws IOException {
		String line = Files.readAllLines(Path.of(System.getProperty("repository.root", ".."), "docs", "starter.md"))
			.stream()
			.filter((candidate) -> candidate.startsWith("ACL SETUSER orders "))
			.findFirst()
			.orElseThrow(() -> new AssertionError("docs/starter.md has no ACL SETUSER orders line"));
		return new ArrayList<>(List.of(line.split(" ")).subList(1, line.split(" ").length));
	}

	private record Token(String subject, String id, String sessionId) implements RevocableToken {

		@Override
		public long issuedAtMillis() {
			return 1;
		}

		@Override
		public Instant expiresAt() {
			return Instant.now().plus(Duration.ofMinutes(10));
		}

	}

}
