package dev.jwtrevocation.revocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail against a real Redis: what an entry holds, the filters, paging newest
 * first, and the bound on its size.
 */
class RevocationTrailIntegrationTests {

	private final RevocationKeys keys = new RevocationKeys("trail" + UUID.randomUUID().toString().substring(0, 8));

	private LettuceConnectionFactory factory;

	private StringRedisTemplate redis;

	@BeforeEach
	void setUp() {
		TestRedis server = TestRedis.get();
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(server.host(), server.port()));
		this.factory.afterPropertiesSet();
		this.factory.start();
		this.redis = new StringRedisTemplate(this.factory);
	}

	@AfterEach
	void tearDown() {
		this.redis.delete(List.of(this.keys.trail(), this.keys.trail() + ":lifted"));
		this.factory.destroy();
	}

	@Test
	void appendWhenReadBackThenEveryFieldAsWrittenAndNoneEmpty() {
		RevocationTrail trail = new RevocationTrail(this.redis, this.keys, 1_000, Duration.ofDays(1));
		TrailEntry written = entry("operator", "alice", "user", "account-takeover",
				List.of(new TrailEntry.Written("jr:r:{alice}:cutoff", "1700000000000")));

		String id = trail.append(written);

		TrailEntry read = trail.find(id).orElseThrow();
		assertThat(read.id()).isEqualTo(id);
		assertThat(read.action()).isEqualTo("operator");
		assertThat(read.actor()).isEqualTo("ops");
		assertThat(read.kind()).isEqualTo("user");
		assertThat(read.value()).isEqualTo("alice");
		assertThat(read.user()).isEqualTo("alice");
		assertThat(read.issuer()).isNull();
		assertThat(read.reason()).isEqualTo(new RevocationReason("account-takeover", "ticket 42", null, "admin"));
		assertThat(read.affected()).isEqualTo(3);
		assertThat(read.acknowledgedMicros()).isEqualTo(1_234);
		assertThat(read.keys()).containsExactly(new TrailEntry.Written("jr:r:{alice}:cutoff", "1700000000000"));
		assertThat(read.atMillis()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5_000L));
		assertThat(this.redis.opsForStream().info(this.keys.trail()).streamLength()).isOne();
	}

	@Test
	void readWhenFilteredThenOnlyMatchingEntriesNewestFirstAndPagedWithoutRepeats() {
		RevocationTrail trail = new RevocationTrail(this.redis, this.keys, 1_000, Duration.ofDays(1));
		List<String> alices = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			String id = trail.append(entry("logout", "alice", "token", null, List.of()));
			alices.add(0, id);
			trail.append(entry("operator", "bob", "user", "incident", List.of()));
		}

		List<String> seen = new ArrayList<>();
		String before = null;
		do {
			RevocationTrail.Page page = trail
				.read(new RevocationTrail.Query("ALICE", null, null, null, null, before, 3));
			page.entries().forEach((entry) -> seen.add(entry.id()));
			before = page.next();
		}
		while (before != null);

		assertThat(seen).containsExactlyElementsOf(alices);
		assertThat(trail.read(new RevocationTrail.Query(null, "user", "incident", null, null, null, 100)).entries())
			.hasSize(7)
			.allMatch((entry) -> entry.user().equals("bob"));
		assertThat(
				trail.read(new RevocationTrail.Query(null, null, null, Long.MAX_VALUE / 2, null, null, 100)).entries())
			.isEmpty();
	}

	@Test
	void appendWhenPastTheBoundThenTheOldestAreTrimmedAndEachEntryCostsUnder400Bytes() {
		RevocationTrail trail = new RevocationTrail(this.redis, this.keys, 1_000, Duration.ofDays(1));
		for (int i = 0; i < 3_000; i++) {
			trail.append(entry("logout", "user-" + i, "token", null,
					List.of(new TrailEntry.Written("jr:r:{user-" + i + "}:j:" + UUID.randomUUID(), ""))));
		}

		long length = this.redis.opsForStream().info(this.keys.trail()).streamLength();
		// trimming is approximate: whole nodes of the stream, 100 entries each
		assertThat(length).isBetween(1_000L, 1_100L);
		Long bytes = this.redis.execute(
				RedisScript.of("return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', '0')", Long.class),
				List.of(this.keys.trail()));
		assertThat(bytes / length).as("bytes per entry").isLessThan(400);
	}

	private static TrailEntry entry(String action, String user, String kind, String code,
			List<TrailEntry.Written> keys) {
		RevocationReason reason = (code != null) ? new RevocationReason(code, "ticket 42", null, "admin") : null;
		return new TrailEntry("0-0", action, "ops", kind, user, user, null, reason, 3, 1_234, "instance-1", null, keys,
				null, null);
	}

}
