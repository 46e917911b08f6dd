package dev.jwtrevocation.token;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.jwtrevocation.revocation.RevocationKeys;
import dev.jwtrevocation.revocation.TokenLifetimes;
import dev.jwtrevocation.revocation.RevocationMirror;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A compromised key's entry against a real Redis: written on start, renewed while the
 * instance runs so that it never lapses, left to expire once no instance lists it.
 */
class CompromisedKeysTests {

	private final String kid = "leaked-" + Long.toString(System.nanoTime(), 36);

	private LettuceConnectionFactory factory;

	private StringRedisTemplate redis;

	private RevocationStore store;

	@BeforeEach
	void setUp() {
		TestRedis server = TestRedis.get();
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(server.host(), server.port()));
		this.factory.afterPropertiesSet();
		this.factory.start();
		this.redis = new StringRedisTemplate(this.factory);
		Clock clock = Clock.systemUTC();
		this.store = new RevocationStore(this.redis,
				// strict: the mirror never connects
				new RevocationMirror(false, RevocationKeys.DEFAULT, () -> {
					throw new IllegalStateException("a disabled mirror connects to nothing");
				}, Duration.ofSeconds(1), clock),
				new TokenLifetimes(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(2)), clock);
	}

	@AfterEach
	void tearDown() {
		this.redis.delete(RevocationKeys.DEFAULT.signingKey(this.kid));
		this.factory.destroy();
	}

	@Test
	void startWhenRunningThenTheEntryIsWrittenAndRenewedBeforeItExpires() throws Exception {
		String key = RevocationKeys.DEFAULT.signingKey(this.kid);
		CompromisedKeys keys = new CompromisedKeys(this.store, List.of(this.kid), Duration.ofMillis(600));
		keys.start();
		try {
			assertThat(this.redis.opsForValue().get(key)).isEqualTo("1");
			// three lifetimes later it is still there: rewritten every 200 ms
			for (int i = 0; i < 18; i++) {
				Thread.sleep(100);
				assertThat(this.redis.hasKey(key)).as("after %d ms", (i + 1) * 100).isTrue();
			}
		}
		finally {
			keys.stop();
		}
		assertThat(keys.isRunning()).isFalse();
		Thread.sleep(700);
		assertThat(this.redis.hasKey(key)).isFalse();
	}

	@Test
	void phaseWhenComparedThenStartsBeforeTheWebServerServes() {
		CompromisedKeys keys = new CompromisedKeys(this.store, List.of(this.kid), Duration.ofMinutes(1));
		assertThat(keys.getPhase()).isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE);
	}

	@Test
	void constructWhenAnIdCouldNotBeAKidThenRefused() {
		assertThatExceptionOfType(InvalidSigningKeyException.class)
			.isThrownBy(() -> new CompromisedKeys(this.store, List.of("k1", "a:cutoff"), Duration.ofMinutes(1)))
			.withMessageContaining("'a:cutoff'");
	}

}
