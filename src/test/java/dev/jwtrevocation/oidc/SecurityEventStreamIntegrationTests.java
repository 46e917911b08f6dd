package dev.jwtrevocation.oidc;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.jwtrevocation.revocation.IssuerNamespace;
import dev.jwtrevocation.revocation.RevocationKeys;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.RedisProcess;
import dev.jwtrevocation.support.TestOpenIdProvider;
import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * This service's side of a transmitter's stream, against a transmitter over real HTTP: it
 * finds the transmitter, authenticates with client credentials, creates its stream, and
 * for poll delivery (RFC 8936) applies each SET once, acknowledging it or returning its
 * error.
 */
class SecurityEventStreamIntegrationTests {

	private static final String SECRET = "client-secret-" + UUID.randomUUID();

	@Test
	@SuppressWarnings("unchecked")
	void pollStreamWhenManagedThenCreatedAndEachSetAppliedAcknowledgedOrRefused() throws Exception {
		try (TestOpenIdProvider transmitter = new TestOpenIdProvider()) {
			transmitter.acceptClient("hub", SECRET);
			ConfigurableApplicationContext app = Instances.startOn(RedisProcess.freePort(),
					"--spring.data.redis.url=" + TestRedis.get().url(),
					"--revocation.providers[0].issuer=" + transmitter.issuer(),
					"--revocation.providers[0].client-id=hub", "--revocation.providers[0].client-secret=" + SECRET,
					"--revocation.providers[0].ssf.delivery=poll", "--revocation.providers[0].ssf.manage-stream=true",
					"--revocation.providers[0].ssf.poll-interval=200ms");
			try {
				StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
				HealthIndicator health = app.getBean("openidProvidersHealthIndicator", HealthIndicator.class);
				await().atMost(Duration.ofSeconds(15)).until(() -> health.health().getStatus().equals(Status.UP));
				assertThat(transmitter.streams()).singleElement().satisfies((stream) -> {
					assertThat(stream.get("delivery")).isEqualTo(Map.of("method", "urn:ietf:rfc:8936"));
					assertThat((List<Object>) stream.get("events_requested")).contains(SecurityEvent.SESSION_REVOKED,
							SecurityEvent.ACCOUNT_DISABLED);
				});

				String sid = UUID.randomUUID().toString();
				String good = "good-" + UUID.randomUUID();
				// the audience the transmitter gave the stream, not the client id
				String audience = (String) transmitter.createdStreams().get(0).get("aud");
				transmitter.queue(good, transmitter.securityEvent(audience, SecurityEvent.SESSION_REVOKED,
						Map.of("format", "complex", "session", Map.of("format", "opaque", "id", sid)),
						Map.of("event_timestamp", Instant.now().getEpochSecond()), (claims) -> claims.jwtID(good)));
				String bad = "bad-" + UUID.randomUUID();
				transmitter.queue(bad, transmitter.securityEvent("another-receiver", SecurityEvent.ACCOUNT_DISABLED,
						transmitter.user("victim"), Map.of(), (claims) -> claims.jwtID(bad)));

				await().atMost(Duration.ofSeconds(10))
					.until(() -> transmitter.acknowledged().contains(good) && transmitter.errors().containsKey(bad));
				assertThat(redis.hasKey(
						RevocationKeys.DEFAULT.session(IssuerNamespace.of(transmitter.issuer()).sessionOwner(), sid)))
					.isTrue();
				assertThat((Map<Object, Object>) transmitter.errors().get(bad)).containsEntry("err",
						"invalid_audience");
				assertThat(redis
					.hasKey(RevocationKeys.DEFAULT.cutoff(IssuerNamespace.of(transmitter.issuer()).subject("victim"))))
					.isFalse();
				assertThat(transmitter.acknowledged()).doesNotContain(bad);
			}
			finally {
				app.close();
			}
		}
	}

	@Test
	void pushStreamWhenManagedThenCreatedWithThePushUrlAndAuthorizationConfigured() throws Exception {
		try (TestOpenIdProvider transmitter = new TestOpenIdProvider()) {
			transmitter.acceptClient("hub", SECRET);
			String authorization = "Bearer " + UUID.randomUUID();
			ConfigurableApplicationContext app = Instances.startOn(RedisProcess.freePort(),
					"--spring.data.redis.url=" + TestRedis.get().url(),
					"--revocation.providers[0].issuer=" + transmitter.issuer(),
					"--revocation.providers[0].client-id=hub", "--revocation.providers[0].client-secret=" + SECRET,
					"--revocation.providers[0].ssf.manage-stream=true",
					"--revocation.providers[0].ssf.push-url=https://hub.example/ssf/push",
					"--revocation.providers[0].ssf.push-authorization=" + authorization);
			try {
				await().atMost(Duration.ofSeconds(15)).until(() -> !transmitter.streams().isEmpty());
				assertThat(transmitter.streams()).singleElement()
					.satisfies((stream) -> assertThat(stream.get("delivery"))
						.isEqualTo(Map.of("method", "urn:ietf:rfc:8935", "endpoint_url", "https://hub.example/ssf/push",
								"authorization_header", authorization)));
			}
			finally {
				app.close();
			}
		}
	}

	@Test
	void streamWhenItDeliversOtherwiseThanConfiguredThenReplaced() throws Exception {
		try (TestOpenIdProvider transmitter = new TestOpenIdProvider()) {
			transmitter.acceptClient("hub", SECRET);
			String[] common = { "--spring.data.redis.url=" + TestRedis.get().url(),
					"--revocation.providers[0].issuer=" + transmitter.issuer(),
					"--revocation.providers[0].client-id=hub", "--revocation.providers[0].client-secret=" + SECRET,
					"--revocation.providers[0].ssf.manage-stream=true" };
			ConfigurableApplicationContext poll = Instances.startOn(RedisProcess.freePort(),
					with(common, "--revocation.providers[0].ssf.delivery=poll"));
			try {
				await().atMost(Duration.ofSeconds(15)).until(() -> transmitter.createdStreams().size() == 1);
			}
			finally {
				poll.close();
			}
			Object pollStream = transmitter.createdStreams().get(0).get("stream_id");
			ConfigurableApplicationContext push = Instances.startOn(RedisProcess.freePort(),
					with(common, "--revocation.providers[0].ssf.push-url=https://hub.example/ssf/push",
							"--revocation.providers[0].ssf.push-authorization=Bearer " + UUID.randomUUID()));
			try {
				HealthIndicator health = push.getBean("openidProvidersHealthIndicator", HealthIndicator.class);
				await().atMost(Duration.ofSeconds(15)).until(() -> health.health().getStatus().equals(Status.UP));
				assertThat(transmitter.createdStreams()).singleElement().satisfies((stream) -> {
					assertThat(stream.get("stream_id")).isNotEqualTo(pollStream);
					assertThat(stream.get("delivery")).asInstanceOf(InstanceOfAssertFactories.MAP)
						.containsEntry("method", "urn:ietf:rfc:8935")
						.containsEntry("endpoint_url", "https://hub.example/ssf/push");
				});
			}
			finally {
				push.close();
			}
		}
	}

	private static String[] with(String[] common, String... more) {
		String[] all = Arrays.copyOf(common, common.length + more.length);
		System.arraycopy(more, 0, all, common.length, more.length);
		return all;
	}

	@Test
	void streamWhenTheClientSecretIsWrongThenNotReadyAndNothingCreated() throws Exception {
		try (TestOpenIdProvider transmitter = new TestOpenIdProvider()) {
			transmitter.acceptClient("hub", "the-real-secret");
			ConfigurableApplicationContext app = Instances.startOn(RedisProcess.freePort(),
					"--spring.data.redis.url=" + TestRedis.get().url(),
					"--revocation.providers[0].issuer=" + transmitter.issuer(),
					"--revocation.providers[0].client-id=hub", "--revocation.providers[0].client-secret=wrong",
					"--revocation.providers[0].ssf.delivery=poll", "--revocation.providers[0].ssf.manage-stream=true");
			try {
				HealthIndicator health = app.getBean("openidProvidersHealthIndicator", HealthIndicator.class);
				await().atMost(Duration.ofSeconds(15))
					.until(() -> String.valueOf(health.health().getDetails()).contains("401"));
				assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
				assertThat(transmitter.streams()).isEmpty();
				assertThat(String.valueOf(health.health().getDetails())).doesNotContain("wrong");
			}
			finally {
				app.close();
			}
		}
	}

}
