package dev.jwtrevocation.auth;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
 * Password guessing as an attacker would do it: in parallel, across usernames from one
 * address, across addresses on one username. Client addresses are set with
 * {@code X-Forwarded-For}, trusted here as behind a proxy at 127.0.0.1 (Tomcat's
 * {@code RemoteIpValve}, the only strategy the service accepts for it).
 */
@IntegrationTest
@TestPropertySource(properties = { "server.forward-headers-strategy=native",
		"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1", "auth.login-throttle.max-failures-per-address=8",
		"auth.login-throttle.max-failures-per-account=6", "auth.login-throttle.max-registrations-per-address=3" })
class LoginAbuseIntegrationTests {

	private static final String PASSWORD = "correct horse battery";

	Api api;

	@Test
	void loginWhenSixtyWrongPasswordsArriveAtOnceThenAtMostFiveAreChecked() throws Exception {
		String username = Api.uniqueUsername();
		register(username);
		String address = "198.51.100." + (System.nanoTime() % 200 + 1);
		ExecutorService pool = Executors.newFixedThreadPool(60);
		List<Future<Integer>> answers = new ArrayList<>();
		try {
			List<Callable<Integer>> guesses = new ArrayList<>();
			for (int i = 0; i < 60; i++) {
				String guess = "wrong password " + i;
				guesses.add(() -> login(username, guess, address).status());
			}
			answers.addAll(pool.invokeAll(guesses));
		}
		finally {
			pool.shutdown();
		}
		int checked = 0;
		int refused = 0;
		for (Future<Integer> answer : answers) {
			int status = answer.get();
			if (status == 401) {
				checked++;
			}
			else if (status == 429) {
				refused++;
			}
		}
		// a 401 means the password was hashed and compared; a 429 means it never was
		assertThat(checked).isLessThanOrEqualTo(5);
		assertThat(checked + refused).isEqualTo(60);
	}

	@Test
	void loginWhenOneAddressTriesManyUsernamesThenTheAddressIsRefused() {
		String address = "203.0.113." + (System.nanoTime() % 200 + 1);
		for (int i = 0; i < 8; i++) {
			assertThat(login(Api.uniqueUsername(), "wrong password", address).status()).isEqualTo(401);
		}
		Response refused = login(Api.uniqueUsername(), "wrong password", address);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.header("Retry-After")).isNotNull();
		// another address is not affected
		String username = Api.uniqueUsername();
		register(username);
		assertThat(login(username, PASSWORD, "203.0.113.250").status()).isEqualTo(200);
	}

	@Test
	void loginWhenManyAddressesTryOneAccountThenTheAccountBacksOffEvenForTheOwner() {
		String username = Api.uniqueUsername();
		register(username);
		for (int i = 0; i < 6; i++) {
			assertThat(login(username, "wrong password", "192.0.2." + (i + 1)).status()).isEqualTo(401);
		}
		assertThat(login(username, "wrong password", "192.0.2.100").status()).isEqualTo(429);
		Response owner = login(username, PASSWORD, "192.0.2.200");
		assertThat(owner.status()).isEqualTo(429);
		// the account window is short: one minute at most
		assertThat(Long.parseLong(owner.header("Retry-After"))).isBetween(1L, 60L);
	}

	@Test
	void loginWhenAddressesShareAnIpv6Slash64ThenTheyShareTheCount() {
		String username = Api.uniqueUsername();
		register(username);
		String prefix = "2001:db8:" + Long.toHexString(System.nanoTime() % 0xffff) + ":1:";
		for (int i = 0; i < 5; i++) {
			assertThat(login(username, "wrong password", prefix + ":" + (i + 1)).status()).isEqualTo(401);
		}
		assertThat(login(username, PASSWORD, prefix + "ffff:1:2:3").status()).isEqualTo(429);
	}

	@Test
	void loginWhenTheRightPasswordFollowsEachFailureThenTheOwnerIsNeverLockedOut() {
		String username = Api.uniqueUsername();
		register(username);
		String address = "198.18.0." + (System.nanoTime() % 200 + 1);
		// more rounds than the account allows failures: each success starts its count
		// over
		for (int round = 0; round < 7; round++) {
			assertThat(login(username, "wrong password", address).status()).isEqualTo(401);
			assertThat(login(username, PASSWORD, address).status()).as("round %d", round).isEqualTo(200);
		}
	}

	@Test
	void registerWhenOneAddressRegistersTooOftenThen429WithRetryAfter() {
		String address = "198.51.100.250";
		for (int i = 0; i < 3; i++) {
			assertThat(post("/auth/register", Api.uniqueUsername(), PASSWORD, address).status()).isEqualTo(201);
		}
		Response refused = post("/auth/register", Api.uniqueUsername(), PASSWORD, address);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.contentType()).isEqualTo("application/problem+json");
		assertThat(refused.header("Retry-After")).isNotNull();
		assertThat(post("/auth/register", Api.uniqueUsername(), PASSWORD, "198.51.100.251").status()).isEqualTo(201);
	}

	private void register(String username) {
		// each from an address of its own: registrations are throttled per address too
		String address = "100.64." + (System.nanoTime() % 250) + "." + (System.nanoTime() / 7 % 250 + 1);
		assertThat(post("/auth/register", username, PASSWORD, address).status()).isEqualTo(201);
	}

	private Response login(String username, String password, String address) {
		return post("/auth/login", username, password, address);
	}

	private Response post(String path, String username, String password, String address) {
		String body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
		return this.api.send(this.api.request(path, null)
			.header("Content-Type", "application/json")
			.header("X-Forwarded-For", address)
			.POST(BodyPublishers.ofString(body)));
	}

}
