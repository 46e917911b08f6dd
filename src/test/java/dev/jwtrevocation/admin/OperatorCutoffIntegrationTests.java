package dev.jwtrevocation.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An incident's global cutoff, under a key namespace of its own so that every session the
 * census finds is one this test made: the dry run counts exactly the sessions the real
 * call then ends, the real call writes one key, and no request sent after its 201 is
 * accepted with a token issued before the cutoff, while requests race it.
 */
@IntegrationTest
@TestPropertySource(properties = { "revocation.key-namespace=census",
		"oauth.clients[0].id=" + AdminRevocationIntegrationTests.CONSOLE,
		"oauth.clients[0].secret-sha256=" + AdminRevocationIntegrationTests.CONSOLE_SECRET_SHA256,
		"oauth.clients[0].scopes=revocation:admin" })
class OperatorCutoffIntegrationTests {

	private static final String PASSWORD = "correct horse battery";

	private static final JsonMapper json = JsonMapper.builder().build();

	Api api;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void issuedBeforeWhenDryRunThenExactlyTheSessionsTheRealCallEndsAndNoTokenOfThemAcceptedAfterIts201()
			throws Exception {
		Random random = new Random(21);
		List<JsonNode> before = new ArrayList<>();
		int users = 25;
		for (int u = 0; u < users; u++) {
			String username = Api.uniqueUsername();
			assertThat(this.api.register(username, PASSWORD).status()).isEqualTo(201);
			int sessions = 1 + random.nextInt(4);
			for (int s = 0; s < sessions; s++) {
				Response login = this.api.login(username, PASSWORD);
				assertThat(login.status()).isEqualTo(200);
				before.add(login.json());
			}
		}
		// one user logs out everywhere: their sessions are no longer live, nor counted
		JsonNode gone = before.remove(before.size() - 1);
		String goneUser = subject(gone.get("access_token").asString());
		assertThat(this.api.post("/auth/logout-all", gone.get("access_token").asString()).status()).isEqualTo(204);
		before.removeIf((login) -> subject(login.get("access_token").asString()).equals(goneUser));
		long usersBefore = before.stream()
			.map((login) -> subject(login.get("access_token").asString()))
			.distinct()
			.count();
		Thread.sleep(5);
		Instant cutoff = Instant.now();
		Thread.sleep(5);
		List<JsonNode> after = List.of(this.api.newUserLogin(Api.uniqueUsername(), PASSWORD),
				this.api.newUserLogin(Api.uniqueUsername(), PASSWORD));
		String admin = adminToken();
		Map<String, Object> request = Map.of("selector", Map.of("issued_before", cutoff.toString()), "reason",
				Map.of("code", "incident-2026-12", "admin", "signing host breached", "initiating_entity", "admin"));

		Response dryRun = postAdmin(admin,
				Map.of("selector", request.get("selector"), "reason", request.get("reason"), "dry_run", true));

		assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
		assertThat(dryRun.json().get("sessions").asLong()).isEqualTo(before.size());
		assertThat(dryRun.json().get("users").asLong()).isEqualTo(usersBefore);
		assertThat(dryRun.json().get("exact").asBoolean()).isTrue();

		// requests race the revocation: none sent after its 201 may be accepted
		AtomicBoolean revoked = new AtomicBoolean();
		AtomicBoolean stop = new AtomicBoolean();
		ConcurrentLinkedQueue<String> acceptedAfter = new ConcurrentLinkedQueue<>();
		ExecutorService threads = Executors.newFixedThreadPool(4);
		List<Future<?>> racing = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Api connection = this.api.freshConnection();
			int offset = t;
			racing.add(threads.submit(() -> {
				for (int i = offset; !stop.get(); i += 4) {
					String token = before.get(i % before.size()).get("access_token").asString();
					boolean sentAfter = revoked.get();
					int status = connection.get("/api/me", token).status();
					if (sentAfter && status == 200) {
						acceptedAfter.add(token.substring(0, 20));
					}
				}
				return null;
			}));
		}
		Thread.sleep(50);
		Response real = postAdmin(admin, request);
		revoked.set(true);
		Thread.sleep(200);
		stop.set(true);
		for (Future<?> thread : racing) {
			thread.get();
		}
		threads.shutdown();

		assertThat(real.status()).as(real.body()).isEqualTo(201);
		assertThat(real.json().get("selector").get("kind").asString()).isEqualTo("before");
		assertThat(acceptedAfter).isEmpty();
		assertThat(this.redis.opsForValue().get("census:r:{!}:cutoff"))
			.isEqualTo(String.valueOf(cutoff.toEpochMilli()));
		int refused = 0;
		for (JsonNode login : before) {
			assertThat(this.api.get("/api/me", login.get("access_token").asString()).status()).isEqualTo(401);
			refused += (this.api.refresh(login.get("refresh_token").asString()).status() == 401) ? 1 : 0;
		}
		assertThat(refused).isEqualTo(dryRun.json().get("sessions").asInt());
		for (JsonNode login : after) {
			assertThat(this.api.get("/api/me", login.get("access_token").asString()).status()).isEqualTo(200);
			assertThat(this.api.refresh(login.get("refresh_token").asString()).status()).isEqualTo(200);
		}
		assertThat(postAdmin(admin,
				Map.of("selector", request.get("selector"), "reason", request.get("reason"), "dry_run", true))
			.json()
			.get("sessions")
			.asLong()).isZero();
		assertThat(this.api.get("/admin/revocations", adminToken()).status()).isEqualTo(200);
	}

	private Response postAdmin(String token, Map<String, Object> body) {
		return this.api.postJson("/admin/revocations", token, body);
	}

	private String adminToken() {
		return this.api.clientToken(AdminRevocationIntegrationTests.CONSOLE,
				AdminRevocationIntegrationTests.CONSOLE_SECRET);
	}

	private static String subject(String token) {
		return json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("sub").asString();
	}

}
