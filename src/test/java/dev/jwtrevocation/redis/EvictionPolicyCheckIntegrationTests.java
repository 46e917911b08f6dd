package dev.jwtrevocation.redis;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.RedisProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The application refuses to start against a Redis that may evict revocations, says why
 * in one line, and starts with a warning when it cannot tell (a managed Redis that
 * forbids CONFIG) or when told to accept the risk.
 */
@ExtendWith(OutputCaptureExtension.class)
class EvictionPolicyCheckIntegrationTests {

	@Test
	void startWhenAllkeysPolicyThenRefusedWithOneLine(CapturedOutput output) {
		try (RedisProcess redis = redis("--maxmemory-policy", "allkeys-lru")) {
			assertThatException().isThrownBy(() -> start(redis).close());
			assertThat(output).contains("Redis's maxmemory-policy is allkeys-lru: it may evict revocation keys")
				.contains("maxmemory-policy noeviction");
		}
	}

	@Test
	void startWhenVolatilePolicyThenRefusedToo(CapturedOutput output) {
		// every revocation key has a TTL: volatile-* evicts them as surely
		try (RedisProcess redis = redis("--maxmemory-policy", "volatile-ttl")) {
			assertThatException().isThrownBy(() -> start(redis).close());
			assertThat(output).contains("Redis's maxmemory-policy is volatile-ttl");
		}
	}

	@Test
	void startWhenEvictionAllowedExplicitlyThenStartsWithAWarning(CapturedOutput output) {
		try (RedisProcess redis = redis("--maxmemory-policy", "allkeys-lru");
				ConfigurableApplicationContext context = start(redis, "--revocation.allow-eviction=true")) {
			assertThat(context.isActive()).isTrue();
			assertThat(output).contains("revoked tokens can be accepted again");
		}
	}

	@Test
	void startWhenConfigIsForbiddenThenStartsWithOneWarning(CapturedOutput output) {
		try (RedisProcess redis = redis("--rename-command", "CONFIG", "");
				ConfigurableApplicationContext context = start(redis)) {
			assertThat(context.isActive()).isTrue();
			assertThat(output).contains("Could not read Redis's maxmemory-policy");
		}
	}

	@Test
	void startWhenNoevictionThenNoWord(CapturedOutput output) {
		try (RedisProcess redis = redis("--maxmemory-policy", "noeviction");
				ConfigurableApplicationContext context = start(redis)) {
			assertThat(context.isActive()).isTrue();
			assertThat(output).doesNotContain("maxmemory-policy");
		}
	}

	private static RedisProcess redis(String... args) {
		assumeTrue(Files.isExecutable(RedisProcess.DEBIAN_BINARY), "Debian's redis-server is not installed");
		return RedisProcess.start(RedisProcess.DEBIAN_BINARY, false, args);
	}

	private static ConfigurableApplicationContext start(RedisProcess redis, String... more) {
		List<String> args = new ArrayList<>(List.of(Instances.redisAt(redis.port()), "--revocation.mode=strict"));
		args.addAll(List.of(more));
		return Instances.start(args.toArray(new String[0]));
	}

}
