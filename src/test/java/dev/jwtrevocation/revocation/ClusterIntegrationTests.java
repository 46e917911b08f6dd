package dev.jwtrevocation.revocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import dev.jwtrevocation.support.TestToken;
import dev.jwtrevocation.revocation.AcknowledgedWrites.Durability;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;
import dev.jwtrevocation.support.ClusterTopology;
import dev.jwtrevocation.support.Instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every feature on a Redis Cluster of three primaries and three replicas, with two
 * instances whose mirrors follow every primary, and a third in strict mode.
 */
class ClusterIntegrationTests {

	private static final String PASSWORD = "correct horse battery";

	/**
	 * An operator's client on every instance: secret
	 * {@code console-secret-0123456789abcdef}.
	 */
	private static final String[] ADMIN_CLIENT = { "--oauth.clients[0].id=admin-console",
			"--oauth.clients[0].secret-sha256=1b1140587a389040a6c2bef985fb5b674104074b4e66774f538432ec96b6d05e",
			"--oauth.clients[0].scopes=revocation:admin" };

	static ClusterTopology cluster;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	static ConfigurableApplicationContext strict;

	@BeforeAll
	static void startCluster() {
		assumeTrue(ClusterTopology.available(), "Debian's redis-server and redis-cli are not installed");
		cluster = ClusterTopology.start();
		first = Instances.start(clusterNodes(), ADMIN_CLIENT[0], ADMIN_CLIENT[1], ADMIN_CLIENT[2]);
		second = Instances.start(clusterNodes(), ADMIN_CLIENT[0], ADMIN_CLIENT[1], ADMIN_CLIENT[2]);
		strict = Instances.start(clusterNodes(), "--revocation.mode=strict", ADMIN_CLIENT[0], ADMIN_CLIENT[1],
				ADMIN_CLIENT[2]);
	}

	@AfterAll
	static void stopCluster() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second, strict }) {
			if (context != null) {
				context.close();
			}
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	static String clusterNodes() {
		return "--spring.data.redis.cluster.nodes=" + cluster.nodes();
	}

	@Test
	void operatorWhenRedisIsAClusterThenTheDryRunCountsEveryPrimaryAndAClientCutoffIsRefusedEverywhere()
			throws Exception {
		Api one = Api.of(first);
		Api two = Api.of(second);
		Api three = Api.of(strict);
		String admin = adminToken(one);
		java.time.Instant before = java.time.Instant.now();
		Thread.sleep(5);
		// users hash to slots on every primary
		List<String> users = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			users.add(Api.uniqueUsername());
			one.newUserLogin(users.get(i), PASSWORD);
		}
		two.login(users.get(0), PASSWORD);
		Thread.sleep(5);
		java.time.Instant after = java.time.Instant.now();

		long counted = dryRunSessions(two, admin, after) - dryRunSessions(two, admin, before);

		assertThat(counted).isEqualTo(7);
		String console = adminToken(two);
		Response revoked = postAdmin(one, admin, java.util.Map.of("selector",
				java.util.Map.of("client_id", "admin-console"), "reason", java.util.Map.of("code", "cluster-test")));
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(201);
		for (Api api : new Api[] { one, two, three }) {
			assertThat(api.get("/admin/revocations", console).status()).isEqualTo(401);
		}
		String lifter = adminToken(three);
		assertThat(
				three.send(three.request("/admin/revocations/" + revoked.json().get("id").asString(), lifter).DELETE())
					.status())
			.isEqualTo(200);
		for (Api api : new Api[] { one, two, three }) {
			assertThat(api.get("/admin/revocations", console).status()).isEqualTo(200);
		}
	}

	private static long dryRunSessions(Api api, String admin, java.time.Instant before) {
		Response dryRun = postAdmin(api, admin,
				java.util.Map.of("selector", java.util.Map.of("issued_before", before.toString()), "reason",
						java.util.Map.of("code", "cluster-test"), "dry_run", true));
		assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
		assertThat(dryRun.json().get("exact").asBoolean()).isTrue();
		return dryRun.json().get("sessions").asLong();
	}

	private static Response postAdmin(Api api, String token, java.util.Map<String, Object> body) {
		return api.postJson("/admin/revocations", token, body);
	}

	private static String adminToken(Api api) {
		return api.clientToken("admin-console", "console-secret-0123456789abcdef");
	}

	@Test
	void flowsWhenRedisIsAClusterThenEveryFeatureWorksAcrossInstances() {
		Api one = Api.of(first);
		Api two = Api.of(second);
		Api three = Api.of(strict);
		String username = Api.uniqueUsername();
		assertThat(one.register(username, PASSWORD).status()).isEqualTo(201);
		assertThat(two.register(username, PASSWORD).status()).isEqualTo(409);

		JsonNode login = two.login(username, PASSWORD).json();
		String access = login.get("access_token").asString();
		assertThat(one.get("/api/me", access).status()).isEqualTo(200);
		assertThat(three.get("/api/me", access).status()).isEqualTo(200);

		// refresh rotation, and reuse of the rotated-out token ends the session
		Response refreshed = one.refresh(login.get("refresh_token").asString());
		assertThat(refreshed.status()).isEqualTo(200);
		String rotated = refreshed.json().get("access_token").asString();
		assertThat(two.get("/api/me", rotated).status()).isEqualTo(200);
		assertThat(two.refresh(login.get("refresh_token").asString()).status()).isEqualTo(401);
		assertThat(one.get("/api/me", rotated).status()).isEqualTo(401);
		assertThat(three.get("/api/me", rotated).status()).isEqualTo(401);

		// sessions: list and end one
		String a = two.loginToken(username, PASSWORD);
		String b = one.loginToken(username, PASSWORD);
		Response sessions = one.get("/auth/sessions", a);
		assertThat(sessions.status()).isEqualTo(200);
		assertThat(sessions.json().size()).isEqualTo(2);
		String sidOfB = two.get("/api/me", b).json().get("sid").asString();
		assertThat(two.send(two.request("/auth/sessions/" + sidOfB, a).DELETE()).status()).isEqualTo(204);
		assertThat(one.get("/api/me", b).status()).isEqualTo(401);
		assertThat(three.get("/api/me", b).status()).isEqualTo(401);

		// logout, then logout-all
		assertThat(one.post("/auth/logout", a).status()).isEqualTo(204);
		assertThat(two.get("/api/me", a).status()).isEqualTo(401);
		assertThat(three.get("/api/me", a).status()).isEqualTo(401);
		String c = one.loginToken(username, PASSWORD);
		String d = two.loginToken(username, PASSWORD);
		assertThat(three.post("/auth/logout-all", c).status()).isEqualTo(204);
		for (Api api : new Api[] { one, two, three }) {
			assertThat(api.get("/api/me", c).status()).isEqualTo(401);
			assertThat(api.get("/api/me", d).status()).isEqualTo(401);
		}
		assertThat(two.get("/api/me", two.loginToken(username, PASSWORD)).status()).isEqualTo(200);
	}

	@Test
	void loginWhenFailuresExceedTheLimitOnAClusterThenThrottledOnEveryInstance() {
		Api one = Api.of(first);
		Api two = Api.of(second);
		String username = Api.uniqueUsername();
		one.register(username, PASSWORD);
		for (int i = 0; i < 5; i++) {
			assertThat(((i % 2 == 0) ? one : two).login(username, "wrong password!").status()).isEqualTo(401);
		}
		Response throttled = two.login(username, PASSWORD);
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.header("Retry-After")).isNotNull();
	}

	@Test
	void logoutWhenMirrorsFollowEveryPrimaryThenTheOtherInstanceRefusesFromThe204On() throws Exception {
		awaitTrusted(first, second);
		Api one = Api.of(first);
		Api two = Api.of(second);
		// users whose keys live on every primary
		List<String> users = new ArrayList<>();
		Set<Integer> primaries = new HashSet<>();
		while (primaries.size() < 3 || users.size() < 6) {
			String username = Api.uniqueUsername();
			primaries.add(cluster.primaryOf(RevocationKeys.DEFAULT.cutoff(username)));
			one.register(username, PASSWORD);
			users.add(username);
		}
		double fromCopyBefore = fromCopy(second) + fromCopy(first);
		ExecutorService pollers = Executors.newFixedThreadPool(2);
		try {
			for (int trial = 0; trial < 1000; trial++) {
				Api revoker = (trial % 2 == 0) ? one : two;
				Api other = (trial % 2 == 0) ? two : one;
				String token = revoker.loginToken(users.get(trial % users.size()), PASSWORD);
				assertThat(other.get("/api/me", token).status()).isEqualTo(200);

				assertThat(revoker.post("/auth/logout", token).status()).isEqualTo(204);

				// from the 204 on, in parallel, on new connections
				Future<Integer> viaOther = pollers.submit(() -> other.freshConnection().get("/api/me", token).status());
				Future<Integer> viaRevoker = pollers
					.submit(() -> revoker.freshConnection().get("/api/me", token).status());
				assertThat(viaOther.get()).as("trial %d", trial).isEqualTo(401);
				assertThat(viaRevoker.get()).as("trial %d", trial).isEqualTo(401);
			}
		}
		finally {
			pollers.shutdownNow();
		}
		// the copies answered (not a round trip per request)
		assertThat(fromCopy(second) + fromCopy(first) - fromCopyBefore).isGreaterThan(3000);
		assertThat(first.getBean(RevocationMirror.class).isTrusted()).isTrue();
	}

	@Test
	void mirrorWhenItStartsOnAClusterThenItLoadsTheRevocationsOfEveryPrimary() {
		Api one = Api.of(first);
		Set<Integer> primaries = new HashSet<>();
		List<String> revoked = new ArrayList<>();
		while (primaries.size() < 3) {
			String username = Api.uniqueUsername();
			primaries.add(cluster.primaryOf(RevocationKeys.DEFAULT.cutoff(username)));
			String token = one.newUserToken(username);
			assertThat(one.post("/auth/logout", token).status()).isEqualTo(204);
			revoked.add(token);
		}
		long held = 0;
		for (int port : cluster.primaries()) {
			held += ClusterTopology.keys(port, "jr:r:*").stream().filter((key) -> !key.startsWith("jr:r:{#")).count();
		}
		try (ConfigurableApplicationContext third = Instances.start(clusterNodes())) {
			RevocationMirror mirror = third.getBean(RevocationMirror.class);
			await().atMost(Duration.ofSeconds(10)).until(mirror::isTrusted);
			assertThat(mirror.size()).isGreaterThanOrEqualTo((int) held);
			double before = fromCopy(third);
			for (String token : revoked) {
				assertThat(Api.of(third).get("/api/me", token).status()).isEqualTo(401);
			}
			assertThat(fromCopy(third) - before).isEqualTo(revoked.size());
		}
	}

	@Test
	void revokeSigningKeyWhenOnAClusterThenRefusedFromEveryCopyAndByTheStrictCheckAcrossSlots() {
		awaitTrusted(first, second);
		String kid = "leaked-" + Long.toString(System.nanoTime(), 36);
		// the user's keys and the signing key's entry live on different primaries
		String username = Api.uniqueUsername();
		while (cluster.primaryOf(RevocationKeys.DEFAULT.cutoff(username)) == cluster
			.primaryOf(RevocationKeys.DEFAULT.signingKey(kid))) {
			username = Api.uniqueUsername();
		}
		RevocableToken signed = new TestToken(username, "j1", "s1", 0, java.time.Instant.now().plusSeconds(60), kid);
		RevocableToken other = new TestToken(username, "j1", "s1", 0, java.time.Instant.now().plusSeconds(60),
				kid + "x");
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second, strict }) {
			assertThat(context.getBean(RevocationStore.class).isRevoked(signed)).isFalse();
		}

		first.getBean(RevocationStore.class).revokeSigningKey(kid, Duration.ofSeconds(30));

		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second, strict }) {
			assertThat(context.getBean(RevocationStore.class).isRevoked(signed)).isTrue();
			assertThat(context.getBean(RevocationStore.class).isRevoked(other)).isFalse();
		}
		assertThat(ClusterTopology.command(cluster.primaryOf(RevocationKeys.DEFAULT.signingKey(kid)), "PTTL",
				RevocationKeys.DEFAULT.signingKey(kid)))
			.matches("\\d+");
		first.getBean(org.springframework.data.redis.core.StringRedisTemplate.class)
			.delete(RevocationKeys.DEFAULT.signingKey(kid));
	}

	@Test
	void mirrorsWhenRedisIsAClusterThenTrustedAndTheirLeasesRegistered() {
		awaitTrusted(first, second);
		int registry = cluster.primaryOf(RevocationKeys.DEFAULT.mirrors());
		String leases = ClusterTopology.command(registry, "HKEYS", RevocationKeys.DEFAULT.mirrors());
		assertThat(leases).contains(first.getBean(RevocationMirror.class).instance())
			.contains(second.getBean(RevocationMirror.class).instance());
		assertThat(strict.getBean(RevocationMirror.class).state()).isEqualTo(RevocationMirror.State.STOPPED);
	}

	@Test
	void logoutWhenReplicasDurabilityOnAClusterThenTheReplicaOfItsPrimaryHasItBeforeThe204() {
		assertThat(first.getBean(AcknowledgedWrites.class).effective()).isEqualTo(Durability.REPLICAS);
		Api one = Api.of(first);
		Set<Integer> primaries = new HashSet<>();
		for (int i = 0; i < 30 || primaries.size() < 3; i++) {
			String username = Api.uniqueUsername();
			String token = one.newUserToken(username);
			assertThat(one.post("/auth/logout", token).status()).isEqualTo(204);
			String keys = "jr:r:" + RevocationKeys.tag(username) + ":*";
			int primary = cluster.primaryOf(RevocationKeys.DEFAULT.cutoff(username));
			primaries.add(primary);
			List<String> written = ClusterTopology.keys(primary, keys);
			assertThat(written).as(keys).isNotEmpty();
			assertThat(ClusterTopology.keys(cluster.replicaOf(primary), keys)).isEqualTo(written);
		}
	}

	@Test
	void logoutWhenTheReplicaOfItsPrimaryStallsThen503AndTheRevocationStillHolds() {
		Api one = Api.of(first);
		String username = Api.uniqueUsername();
		String token = one.newUserToken(username);
		int replica = cluster.replicaOf(cluster.primaryOf(RevocationKeys.DEFAULT.cutoff(username)));
		cluster.pause(replica);
		try {
			Response logout = one.post("/auth/logout", token);
			assertThat(logout.status()).isEqualTo(503);
			assertThat(logout.contentType()).isEqualTo("application/problem+json");
		}
		finally {
			cluster.resume(replica);
		}
		assertThat(Api.of(second).get("/api/me", token).status()).isEqualTo(401);
		assertThat(one.post("/auth/logout", token).status()).isEqualTo(401);
	}

	@Test
	void startWhenOneNodeOfTheClusterCanEvictThenRefused() {
		int node = cluster.primaries().get(2);
		ClusterTopology.command(node, "CONFIG", "SET", "maxmemory-policy", "volatile-lru");
		try {
			assertThatThrownBy(() -> Instances.start(clusterNodes()).close()).hasStackTraceContaining("volatile-lru");
		}
		finally {
			ClusterTopology.command(node, "CONFIG", "SET", "maxmemory-policy", "noeviction");
		}
	}

	static double fromCopy(ConfigurableApplicationContext context) {
		return context.getBean(MeterRegistry.class)
			.get("jwt.revocation.checks")
			.tag("path", "copy")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	static void awaitTrusted(ConfigurableApplicationContext... contexts) {
		for (ConfigurableApplicationContext context : contexts) {
			await().atMost(Duration.ofSeconds(10)).until(context.getBean(RevocationMirror.class)::isTrusted);
		}
	}

}
