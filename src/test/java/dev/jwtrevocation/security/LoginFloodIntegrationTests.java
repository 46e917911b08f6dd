package dev.jwtrevocation.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of logins for never-seen usernames, each of which costs a full password hash:
 * requests that need no hash keep being answered at once, and the logins beyond what the
 * hashing slots and their short queue hold are refused at once with 503, never parked.
 */
@IntegrationTest
@TestPropertySource(properties = { "security.hashing.max-concurrent=1", "security.hashing.max-queued=1",
		"security.hashing.max-wait=200ms" })
class LoginFloodIntegrationTests {

	Api api;

	@Test
	void loginFloodWhenHashingIsSaturatedThenOtherRequestsStayFastAndTheExcessIs503() throws Exception {
		String token = this.api.newUserToken(Api.uniqueUsername());
		ExecutorService flood = Executors.newFixedThreadPool(40);
		List<Future<Response>> logins = new ArrayList<>();
		List<Duration> meLatencies = new ArrayList<>();
		try {
			for (int i = 0; i < 120; i++) {
				String nobody = Api.uniqueUsername();
				logins.add(flood.submit(() -> this.api.freshConnection().login(nobody, "some password")));
			}
			for (int i = 0; i < 20; i++) {
				Response me = this.api.get("/api/me", token);
				assertThat(me.status()).isEqualTo(200);
				meLatencies.add(me.elapsed());
				Thread.sleep(20);
			}
			int refused = 0;
			for (Future<Response> login : logins) {
				Response response = login.get();
				assertThat(response.status()).isIn(401, 503);
				if (response.status() == 503) {
					refused++;
					assertThat(response.header("Retry-After")).isEqualTo("1");
					assertThat(response.contentType()).isEqualTo("application/problem+json");
				}
				// nobody was parked: a turn, or a refusal, within the bounded wait
				assertThat(response.elapsed()).isLessThan(Duration.ofSeconds(3));
			}
			assertThat(refused).isPositive();
		}
		finally {
			flood.shutdownNow();
		}
		assertThat(meLatencies).allSatisfy((latency) -> assertThat(latency).isLessThan(Duration.ofMillis(500)));
	}

	@Test
	void loginFloodWhenTheLoginPathIsPercentEncodedThenTheDoorStillRefusesBeforeTheBodyIsRead() throws Exception {
		ExecutorService flood = Executors.newFixedThreadPool(40);
		List<Integer> escaped = new ArrayList<>();
		try {
			List<Future<Response>> logins = new ArrayList<>();
			for (int i = 0; i < 120; i++) {
				String nobody = Api.uniqueUsername();
				logins.add(flood.submit(() -> this.api.freshConnection().login(nobody, "some password")));
			}
			// not even JSON: past the door it is a 400, at the door a 503
			for (int i = 0; i < 20; i++) {
				escaped.add(
						this.api
							.postRaw("/auth/%6cogin", "application/json",
									java.net.http.HttpRequest.BodyPublishers.ofString("{"))
							.status());
				Thread.sleep(10);
			}
			for (Future<Response> login : logins) {
				login.get();
			}
		}
		finally {
			flood.shutdownNow();
		}
		assertThat(escaped).allSatisfy((status) -> assertThat(status).isIn(400, 503)).contains(503);
	}

}
