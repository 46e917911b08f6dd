package dev.jwtrevocation.admin;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.jwtrevocation.revocation.IssuerNamespace;
import dev.jwtrevocation.revocation.RevocableToken;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.RedisProcess;
import dev.jwtrevocation.support.TestOpenIdProvider;
import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's revocation of an OpenID provider's subject or session: the same keys a
 * provider's own logout writes, so that every resource server trusting that provider
 * refuses its tokens; a dry run says that nobody here can count them.
 */
class OperatorProviderRevocationIntegrationTests {

	private static TestOpenIdProvider provider;

	private static ConfigurableApplicationContext app;

	private static Api api;

	private static RevocationStore store;

	@BeforeAll
	static void start() throws Exception {
		provider = new TestOpenIdProvider();
		app = Instances.startOn(RedisProcess.freePort(), "--spring.data.redis.url=" + TestRedis.get().url(),
				"--revocation.providers[0].issuer=" + provider.issuer(), "--revocation.providers[0].client-id=hub",
				"--oauth.clients[0].id=" + AdminRevocationIntegrationTests.CONSOLE,
				"--oauth.clients[0].secret-sha256=" + AdminRevocationIntegrationTests.CONSOLE_SECRET_SHA256,
				"--oauth.clients[0].scopes=revocation:admin");
		api = Api.of(app);
		store = app.getBean(RevocationStore.class);
	}

	@AfterAll
	static void stop() throws Exception {
		if (app != null) {
			app.close();
		}
		provider.close();
	}

	@Test
	void issuerSubjectWhenRevokedThenTheProvidersTokensOfThatSubjectAreRefusedAndNoOthers() {
		ProviderToken alice = new ProviderToken(provider.issuer(), "alice-" + System.nanoTime(), "sid-1");
		ProviderToken bob = new ProviderToken(provider.issuer(), "bob-" + System.nanoTime(), "sid-2");
		assertThat(store.isRevoked(alice)).isFalse();
		String admin = adminToken();
		Map<String, Object> request = Map.of("selector", Map.of("issuer", provider.issuer(), "subject", alice.sub),
				"reason", Map.of("code", "offboarding"));

		Response dryRun = post(admin,
				Map.of("selector", request.get("selector"), "reason", request.get("reason"), "dry_run", true));
		assertThat(dryRun.status()).isEqualTo(200);
		assertThat(dryRun.json().get("exact").asBoolean()).isFalse();
		assertThat(dryRun.json().has("sessions")).isFalse();

		Response revoked = post(admin, request);

		assertThat(revoked.status()).as(revoked.body()).isEqualTo(201);
		assertThat(revoked.json().get("selector").get("kind").asString()).isEqualTo("issuer-subject");
		assertThat(revoked.json().get("selector").get("issuer").asString()).isEqualTo(provider.issuer());
		assertThat(store.isRevoked(alice)).isTrue();
		assertThat(store.isRevoked(bob)).isFalse();
	}

	@Test
	void issuerSessionWhenRevokedThenEveryTokenOfThatSessionIsRefused() {
		ProviderToken token = new ProviderToken(provider.issuer(), "carol-" + System.nanoTime(),
				"kc-" + System.nanoTime());

		Response revoked = post(adminToken(),
				Map.of("selector", Map.of("issuer", provider.issuer(), "session_id", token.sid), "reason",
						Map.of("code", "stolen-laptop", "initiating_entity", "user")));

		assertThat(revoked.status()).as(revoked.body()).isEqualTo(201);
		assertThat(store.isRevoked(token)).isTrue();
		assertThat(store.isRevoked(new ProviderToken(provider.issuer(), token.sub, "another"))).isFalse();
	}

	private static Response post(String token, Map<String, Object> body) {
		return api.postJson("/admin/revocations", token, body);
	}

	private static String adminToken() {
		return api.clientToken(AdminRevocationIntegrationTests.CONSOLE, AdminRevocationIntegrationTests.CONSOLE_SECRET);
	}

	/** A provider's token as the starter reads it: namespaced by its issuer. */
	private record ProviderToken(String issuer, String sub, String sid) implements RevocableToken {

		@Override
		public String subject() {
			return IssuerNamespace.of(this.issuer).subject(this.sub);
		}

		@Override
		public String sessionOwner() {
			return IssuerNamespace.of(this.issuer).sessionOwner();
		}

		@Override
		public String id() {
			return null;
		}

		@Override
		public String sessionId() {
			return this.sid;
		}

		@Override
		public long issuedAtMillis() {
			return (Instant.now().getEpochSecond() - 5) * 1000;
		}

		@Override
		public Instant expiresAt() {
			return Instant.now().plusSeconds(300);
		}

	}

}
