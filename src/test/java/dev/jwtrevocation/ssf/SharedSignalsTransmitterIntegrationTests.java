package dev.jwtrevocation.ssf;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import dev.jwtrevocation.revocation.IssuerNamespace;
import dev.jwtrevocation.revocation.RevocableToken;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.RedisProcess;
import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Service A as a Shared Signals transmitter, end to end against service B, another
 * instance of this service with its own Redis, whose receiver manages its stream at A and
 * takes A's pushes: a logout at A is refused by anything that checks B's Redis, and what
 * A revoked while B was down and A restarted reaches B once both are back. Also the
 * stream-management API's contract, poll delivery and the events' signatures.
 */
class SharedSignalsTransmitterIntegrationTests {

	private static final String HUB = "hub";

	private static final String HUB_SECRET = "hub-secret-" + UUID.randomUUID();

	private static final String READER = "reader";

	private static final String READER_SECRET = "reader-secret-" + UUID.randomUUID();

	private static final String PUSH_AUTHORIZATION = "Bearer push-" + UUID.randomUUID() + UUID.randomUUID();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static TestRedis.Standalone redisA;

	private static TestRedis.Standalone redisB;

	private static int portA;

	private static int portB;

	private static String pemA;

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void start() throws Exception {
		redisA = TestRedis.standalone();
		redisB = TestRedis.standalone();
		portA = RedisProcess.freePort();
		portB = RedisProcess.freePort();
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		pemA = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		a = startA();
		b = startB();
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] { b, a }) {
			if (app != null && app.isActive()) {
				app.close();
			}
		}
		redisA.close();
		redisB.close();
	}

	@Test
	void logoutAtAWhenBReceivesThenRefusedAgainstBsRedisAndEventsSurviveARestartOfAWhileBIsDown() throws Exception {
		awaitStreamAtA();
		Api api = Api.of(a);
		String user = Api.uniqueUsername();
		String token = api.newUserToken(user);
		RevocableToken atB = asSeenByB(token);
		RevocationStore storeB = b.getBean(RevocationStore.class);
		assertThat(storeB.isRevoked(atB)).isFalse();

		long start = System.nanoTime();
		assertThat(api.post("/auth/logout", token).status()).isEqualTo(204);
		long answered = System.nanoTime();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2)).until(() -> storeB.isRevoked(atB));
		long refused = System.nanoTime();
		System.out.printf("SSF A->B: logout 2xx after %d ms, refused at B %d ms after the 2xx%n",
				(answered - start) / 1_000_000, (refused - answered) / 1_000_000);
		assertThat(storeB.isRevoked(asSeenByB(api.newUserToken(Api.uniqueUsername())))).isFalse();

		// B goes down; A revokes, then restarts; nothing is lost
		b.close();
		List<String> whileDown = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String next = api.newUserToken(Api.uniqueUsername());
			whileDown.add(next);
			assertThat(api.post("/auth/logout", next).status()).isEqualTo(204);
		}
		a.close();
		a = startA();
		b = startB();
		RevocationStore restartedB = b.getBean(RevocationStore.class);
		for (String next : whileDown) {
			RevocableToken seen = asSeenByB(next);
			await().atMost(Duration.ofSeconds(30)).until(() -> restartedB.isRevoked(seen));
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void streamManagementWhenCalledThenScopedOwnedAllowListedAndPollDeliversSignedEvents() throws Exception {
		awaitStreamAtA();
		Api api = Api.of(a);
		Response metadata = api.get("/.well-known/ssf-configuration", null);
		assertThat(metadata.status()).isEqualTo(200);
		assertThat(metadata.json().get("issuer").asString()).isEqualTo(issuerA());
		assertThat(metadata.json().get("configuration_endpoint").asString()).isEqualTo(issuerA() + "/ssf/streams");
		assertThat(metadata.json().get("jwks_uri").asString()).isEqualTo(issuerA() + "/.well-known/jwks.json");
		assertThat(metadata.json().get("spec_version").asString()).isEqualTo("1_0");

		String hub = api.clientToken(HUB, HUB_SECRET);
		String reader = api.clientToken(READER, READER_SECRET);
		// a client without ssf.manage cannot create; a user cannot at all
		Response forbidden = api.postJson("/ssf/streams", reader,
				Map.of("delivery", Map.of("method", EventStream.POLL)));
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbidden.contentType()).startsWith("application/problem+json");
		assertThat(api
			.postJson("/ssf/streams", api.newUserToken(Api.uniqueUsername()),
					Map.of("delivery", Map.of("method", EventStream.POLL)))
			.status()).isEqualTo(403);
		// a push URL outside the allow-list is refused, never fetched
		Response outside = api.postJson("/ssf/streams", hub, Map.of("delivery",
				Map.of("method", EventStream.PUSH, "endpoint_url", "http://169.254.169.254/latest/meta-data/")));
		assertThat(outside.status()).isEqualTo(400);
		assertThat(outside.json().get("type").asString()).endsWith("invalid-stream");

		Response created = api.postJson("/ssf/streams", hub,
				Map.of("delivery", Map.of("method", EventStream.POLL), "events_requested",
						List.of(CaepEvents.SESSION_REVOKED, CaepEvents.SESSIONS_REVOKED, "urn:unknown"), "description",
						"poller"));
		assertThat(created.status()).isEqualTo(201);
		String streamId = created.json().get("stream_id").asString();
		assertThat(created.json().get("aud").asString()).isEqualTo(HUB);
		assertThat(created.json().get("events_delivered")).hasSize(2);
		String pollUrl = created.json().get("delivery").get("endpoint_url").asString();
		assertThat(pollUrl).isEqualTo(issuerA() + "/ssf/poll/" + streamId);
		String pollPath = URI.create(pollUrl).getPath();
		// a stream that names no events gets every event sent here
		Response everything = api.postJson("/ssf/streams", hub, Map.of("delivery", Map.of("method", EventStream.POLL)));
		assertThat(everything.status()).isEqualTo(201);
		assertThat(everything.json().get("events_delivered")).hasSize(CaepEvents.SUPPORTED.size());
		assertThat(api
			.send(api.request("/ssf/streams?stream_id=" + everything.json().get("stream_id").asString(), hub).DELETE())
			.status()).isEqualTo(204);
		// another client never sees it
		assertThat(api.get("/ssf/streams?stream_id=" + streamId, reader).status()).isEqualTo(404);
		assertThat(api.get("/ssf/streams?stream_id=" + streamId, hub).status()).isEqualTo(200);
		assertThat(api.postJson(pollPath, reader, Map.of()).status()).isEqualTo(404);

		// verification: a signed SET whose subject is the stream, with the state
		assertThat(api.postJson("/ssf/verify", hub, Map.of("stream_id", streamId, "state", "s-1")).status())
			.isEqualTo(204);
		assertThat(api.postJson("/ssf/verify", hub, Map.of("stream_id", streamId, "state", "s-2")).status())
			.isEqualTo(429);
		Map<String, Object> poll = poll(api, hub, pollPath, List.of());
		Map<String, String> sets = (Map<String, String>) poll.get("sets");
		assertThat(sets).hasSize(1);
		Map.Entry<String, String> verification = sets.entrySet().iterator().next();
		Map<String, Object> claims = verified(api, verification.getValue());
		assertThat(((Map<String, Object>) claims.get("events")).get(CaepEvents.VERIFICATION))
			.isEqualTo(Map.of("state", "s-1"));
		assertThat(claims.get("sub_id")).isEqualTo(Map.of("format", "opaque", "id", streamId));

		// a logout: one session-revoked, complex subject, until acknowledged
		String user = Api.uniqueUsername();
		String token = api.newUserToken(user);
		String sid = (String) payload(token).get("sid");
		assertThat(api.post("/auth/logout", token).status()).isEqualTo(204);
		poll = poll(api, hub, pollPath, List.of(verification.getKey()));
		sets = (Map<String, String>) poll.get("sets");
		assertThat(sets).hasSize(1);
		String jti = sets.keySet().iterator().next();
		claims = verified(api, sets.get(jti));
		assertThat(claims.get("iss")).isEqualTo(issuerA());
		assertThat(claims.get("aud")).isEqualTo(HUB);
		assertThat(claims.get("jti")).isEqualTo(jti);
		assertThat(claims.get("sub_id"))
			.isEqualTo(Map.of("format", "complex", "user", Map.of("format", "iss_sub", "iss", issuerA(), "sub", user),
					"session", Map.of("format", "opaque", "id", sid)));
		assertThat((Map<String, Object>) claims.get("events")).containsOnlyKeys(CaepEvents.SESSION_REVOKED);
		// not acknowledged: it comes again; acknowledged: it does not
		assertThat((Map<String, String>) poll(api, hub, pollPath, List.of()).get("sets")).containsOnlyKeys(jti);
		assertThat((Map<String, String>) poll(api, hub, pollPath, List.of(jti)).get("sets")).isEmpty();

		// logout everywhere: sessions-revoked naming the user
		String everywhere = api.loginToken(user, "correct horse battery");
		assertThat(api.post("/auth/logout-all", everywhere).status()).isBetween(200, 204);
		sets = (Map<String, String>) poll(api, hub, pollPath, List.of()).get("sets");
		assertThat(sets).isNotEmpty();
		Map<String, Object> last = verified(api, sets.values().stream().reduce((x, y) -> y).orElseThrow());
		assertThat((Map<String, Object>) last.get("events")).containsKey(CaepEvents.SESSIONS_REVOKED);
		assertThat(last.get("sub_id")).isEqualTo(Map.of("format", "iss_sub", "iss", issuerA(), "sub", user));

		// status and deletion
		Response paused = api.postJson("/ssf/status", hub,
				Map.of("stream_id", streamId, "status", "paused", "reason", "maintenance"));
		assertThat(paused.status()).isEqualTo(200);
		assertThat(api.get("/ssf/status?stream_id=" + streamId, reader).status()).isEqualTo(404);
		assertThat(api.get("/ssf/status?stream_id=" + streamId, hub).json().get("status").asString())
			.isEqualTo("paused");
		assertThat(api.send(api.request("/ssf/streams?stream_id=" + streamId, hub).DELETE()).status()).isEqualTo(204);
		assertThat(api.get("/ssf/streams?stream_id=" + streamId, hub).status()).isEqualTo(404);
	}

	private static Map<String, Object> poll(Api api, String token, String path, List<String> ack) {
		Response answer = api.postJson(path, token, Map.of("ack", ack, "maxEvents", 10, "returnImmediately", true));
		assertThat(answer.status()).isEqualTo(200);
		return JSON.readValue(answer.body(), Map.class);
	}

	/** The SET's claims, once its RS256 signature verifies with A's published key. */
	private static Map<String, Object> verified(Api api, String set) throws Exception {
		SignedJWT jwt = SignedJWT.parse(set);
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("secevent+jwt");
		JWKSet keys = JWKSet.parse(api.get("/.well-known/jwks.json", null).body());
		RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
		assertThat(key).isNotNull();
		assertThat(key.size()).isGreaterThanOrEqualTo(2048);
		assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
		return JSON.readValue(jwt.getPayload().toString(), Map.class);
	}

	private static Map<String, Object> payload(String token) {
		return JSON.readValue(Base64.getUrlDecoder().decode(token.split("\\.")[1]), Map.class);
	}

	/** A's token as a resource server backed by B's Redis reads it. */
	private static RevocableToken asSeenByB(String token) {
		Map<String, Object> claims = payload(token);
		IssuerNamespace namespace = IssuerNamespace.of(issuerA());
		long iat = ((Number) claims.get("iat")).longValue();
		return new Token(namespace.subject((String) claims.get("sub")), namespace.sessionOwner(),
				(String) claims.get("jti"), (String) claims.get("sid"), iat * 1000,
				Instant.ofEpochSecond(((Number) claims.get("exp")).longValue()));
	}

	private static void awaitStreamAtA() {
		HealthIndicator health = b.getBean("openidProvidersHealthIndicator", HealthIndicator.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.UP));
	}

	private static String issuerA() {
		return "http://127.0.0.1:" + portA;
	}

	private static ConfigurableApplicationContext startA() throws Exception {
		return Instances.startOn(portA, "--spring.data.redis.url=redis://127.0.0.1:" + redisA.port(),
				"--jwt.issuer=" + issuerA(), "--jwt.keys[0].id=rs-1", "--jwt.keys[0].private-key=" + pemA,
				"--oauth.clients[0].id=" + HUB, "--oauth.clients[0].secret-sha256=" + sha256(HUB_SECRET),
				"--oauth.clients[0].scopes=ssf.manage,ssf.read", "--oauth.clients[1].id=" + READER,
				"--oauth.clients[1].secret-sha256=" + sha256(READER_SECRET), "--oauth.clients[1].scopes=ssf.read",
				"--ssf.transmitter.receiver-urls[0]=http://127.0.0.1:" + portB + "/ssf/",
				"--ssf.transmitter.max-backoff=2s");
	}

	private static ConfigurableApplicationContext startB() {
		return Instances.startOn(portB, "--spring.data.redis.url=redis://127.0.0.1:" + redisB.port(),
				"--revocation.providers[0].issuer=" + issuerA(), "--revocation.providers[0].client-id=" + HUB,
				"--revocation.providers[0].client-secret=" + HUB_SECRET,
				"--revocation.providers[0].ssf.manage-stream=true",
				"--revocation.providers[0].ssf.push-url=http://127.0.0.1:" + portB + "/ssf/push",
				"--revocation.providers[0].ssf.push-authorization=" + PUSH_AUTHORIZATION,
				"--revocation.providers[0].ssf.scope=ssf.manage ssf.read");
	}

	private static String sha256(String secret) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
	}

	record Token(String subject, String sessionOwner, String id, String sessionId, long issuedAtMillis,
			Instant expiresAt) implements RevocableToken {
	}

}
