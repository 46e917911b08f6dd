package dev.jwtrevocation.ssf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.jwtrevocation.revocation.RevocationCause;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox against a receiver that misbehaves, over real HTTP: logouts return while the
 * receiver holds every push, and each event arrives once it answers again; a receiver
 * further behind than the outbox's bound is told nothing silently: the transmitter counts
 * what it missed and carries on.
 */
class TransmitterOutboxIntegrationTests {

	private static final String HUB = "hub";

	private static final String HUB_SECRET = "hub-secret-" + UUID.randomUUID();

	private static TestRedis.Standalone redis;

	private static HttpServer receiver;

	private static ConfigurableApplicationContext app;

	private static volatile CountDownLatch hold = new CountDownLatch(0);

	private static volatile int answer = 202;

	private static final Set<String> received = ConcurrentHashMap.newKeySet();

	private static final AtomicInteger attempts = new AtomicInteger();

	@BeforeAll
	static void start() throws Exception {
		redis = TestRedis.standalone();
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		receiver.createContext("/ssf/push", (exchange) -> {
			attempts.incrementAndGet();
			String set = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
			try {
				hold.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			int status = answer;
			if (status == 202) {
				try {
					received.add(SignedJWT.parse(set).getJWTClaimsSet().getJWTID());
				}
				catch (java.text.ParseException ex) {
					throw new IOException(ex);
				}
			}
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		receiver.start();
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes())
					.encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		app = Instances.start("--spring.data.redis.url=redis://127.0.0.1:" + redis.port(),
				"--jwt.issuer=https://a.example.com", "--jwt.keys[0].id=rs-1", "--jwt.keys[0].private-key=" + pem,
				"--oauth.clients[0].id=" + HUB, "--oauth.clients[0].secret-sha256=" + sha256(HUB_SECRET),
				"--oauth.clients[0].scopes=ssf.manage", "--revocation.audit.max-entries=100",
				"--ssf.transmitter.receiver-urls[0]=" + receiverUrl(), "--ssf.transmitter.max-backoff=1s",
				"--ssf.transmitter.push-timeout=30s");
	}

	@AfterAll
	static void stop() {
		hold.countDown();
		if (app != null) {
			app.close();
		}
		receiver.stop(0);
		redis.close();
	}

	@Test
	void outboxWhenTheReceiverHoldsEveryPushThenLogoutsReturnAndEveryEventArrivesLater() throws Exception {
		Api api = Api.of(app);
		hold = new CountDownLatch(1);
		answer = 202;
		String stream = createStream(api);
		List<String> tokens = new java.util.ArrayList<>();
		for (int i = 0; i < 6; i++) {
			tokens.add(api.newUserToken(Api.uniqueUsername()));
		}

		Map<String, Integer> statuses = api.inParallel(6, 6, (client, i) -> client.post("/auth/logout", tokens.get(i)),
				(response) -> String.valueOf(response.status()));

		// every logout answered while the receiver still holds the first pushes
		assertThat(statuses).containsExactly(Map.entry("204", 6));
		assertThat(hold.getCount()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() > 0);
		assertThat(received).isEmpty();
		hold.countDown();
		await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 6);
		deleteStream(api, stream);
	}

	@Test
	void outboxWhenTheReceiverFallsBehindTheBoundThenCountedAndDeliveryCarriesOn() throws Exception {
		Api api = Api.of(app);
		answer = 503;
		hold = new CountDownLatch(0);
		String stream = createStream(api);
		RevocationStore store = app.getBean(RevocationStore.class);
		int before = received.size();
		for (int i = 0; i < 450; i++) {
			store.revokeAllIssuedUntilNow("bound-" + i, RevocationCause.of(RevocationCause.OPERATOR, "test"));
		}
		MeterRegistry meters = app.getBean(MeterRegistry.class);
		answer = 202;
		await().atMost(Duration.ofSeconds(30))
			.until(() -> meters.find("jwt.revocation.ssf.missed").tag("client", HUB).counter() != null
					&& meters.find("jwt.revocation.ssf.missed").tag("client", HUB).counter().count() >= 1);
		// the newest revocations still arrive; the trimmed ones cannot
		store.revokeAllIssuedUntilNow("after-the-bound", RevocationCause.of(RevocationCause.OPERATOR, "test"));
		await().atMost(Duration.ofSeconds(30)).until(() -> received.size() - before >= 100);
		assertThat(received.size() - before).isLessThan(450);
		deleteStream(api, stream);
	}

	private static String createStream(Api api) {
		String hub = api.clientToken(HUB, HUB_SECRET);
		Api.Response created = api.postJson("/ssf/streams", hub,
				Map.of("delivery",
						Map.of("method", EventStream.PUSH, "endpoint_url", receiverUrl() + "push",
								"authorization_header", "Bearer receiver-secret"),
						"events_requested", List.of(CaepEvents.SESSION_REVOKED, CaepEvents.SESSIONS_REVOKED)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("stream_id").asString();
	}

	private static void deleteStream(Api api, String stream) {
		String hub = api.clientToken(HUB, HUB_SECRET);
		assertThat(api.send(api.request("/ssf/streams?stream_id=" + stream, hub).DELETE()).status()).isEqualTo(204);
	}

	private static String receiverUrl() {
		return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/ssf/";
	}

	private static String sha256(String secret) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
	}

}
