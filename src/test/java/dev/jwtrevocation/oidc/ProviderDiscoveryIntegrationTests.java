package dev.jwtrevocation.oidc;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.RedisProcess;
import dev.jwtrevocation.support.TestOpenIdProvider;
import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A configured provider that cannot be reached does not stop the service: it shows in
 * health, in a gauge and in one WARN, its logout tokens are refused, and it is retried
 * until it answers.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProviderDiscoveryIntegrationTests {

	@Test
	void providerWhenUnreachableThenTheServiceStartsShowsItAndWarnsOnceUntilItIsReached(CapturedOutput output)
			throws Exception {
		TestOpenIdProvider gone = new TestOpenIdProvider();
		String issuer = gone.issuer();
		String token = gone.logoutToken("jwt-revocation", "u", UUID.randomUUID().toString());
		gone.close();
		ConfigurableApplicationContext app = Instances.startOn(RedisProcess.freePort(),
				"--spring.data.redis.url=" + TestRedis.get().url(), "--revocation.providers[0].issuer=" + issuer,
				"--revocation.providers[0].client-id=jwt-revocation");
		try {
			Api api = Api.of(app);
			HealthIndicator health = app.getBean("openidProvidersHealthIndicator", HealthIndicator.class);
			MeterRegistry meters = app.getBean(MeterRegistry.class);
			// two attempts at least, RETRY_SECONDS apart
			Thread.sleep(Duration.ofSeconds(OpenIdProviders.RETRY_SECONDS + 2).toMillis());

			assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
			assertThat(health.health().getDetails()).containsKey(issuer);
			assertThat(meters.get("jwt.revocation.provider.reachable").tag("provider", issuer).gauge().value())
				.isEqualTo(0);
			assertThat(output.toString().split("OpenID provider " + issuer + " is unreachable", -1)).hasSize(2);
			assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
			Response refused = api.postRaw("/oidc/backchannel-logout", "application/x-www-form-urlencoded",
					BodyPublishers.ofString("logout_token=" + token));
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.json().get("error_description").asString()).contains("No key");
		}
		finally {
			app.close();
		}
	}

	@Test
	void providerWhenReachableThenUpWithItsKeysAndTheGaugeIsOne() throws Exception {
		try (TestOpenIdProvider provider = new TestOpenIdProvider()) {
			ConfigurableApplicationContext app = Instances.startOn(RedisProcess.freePort(),
					"--spring.data.redis.url=" + TestRedis.get().url(),
					"--revocation.providers[0].issuer=" + provider.issuer(),
					"--revocation.providers[0].client-id=jwt-revocation");
			try {
				HealthIndicator health = app.getBean("openidProvidersHealthIndicator", HealthIndicator.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.UP));
				assertThat(app.getBean(MeterRegistry.class)
					.get("jwt.revocation.provider.reachable")
					.tag("provider", provider.issuer())
					.gauge()
					.value()).isEqualTo(1);
				// discovery, then the JWK Set: nothing else
				assertThat(provider.requests()).isEqualTo(2);
			}
			finally {
				app.close();
			}
		}
	}

}
