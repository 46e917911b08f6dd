package bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.jwtrevocation.support.Api;

/**
 * An anonymous flood: {@code clients} threads post {@code /auth/login} with never-seen
 * usernames (each costs a full password hash) for {@code seconds}, while one client calls
 * {@code GET /api/me} with a valid token every 10 ms and {@code GET /actuator/health}
 * every 100 ms. Reports their latency and timeouts (no answer within 5 s), and what the
 * logins were answered.
 * <p>
 * Usage: {@code LoginFlood <port> <clients> <seconds>}, with {@code clients} 0 when wrk
 * floods ({@code bench/login-flood.lua}); prints one JSON object.
 */
public final class LoginFlood {

	private LoginFlood() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int clients = Integer.parseInt(args[1]);
		long seconds = Long.parseLong(args[2]);
		Api api = new Api(port);
		String token = api.newUserToken("flood-" + UUID.randomUUID().toString().substring(0, 8));
		// verified once before any flood: from then on the service remembers it
		if (api.get("/api/me", token).status() != 200) {
			throw new IllegalStateException("the probe's token was refused");
		}
		// a hashed login, unloaded: the Argon2 cost a user feels
		long[] unloaded = new long[10];
		for (int i = 0; i < unloaded.length; i++) {
			unloaded[i] = api.login("nobody-" + UUID.randomUUID(), "some password").elapsed().toNanos() / 1000;
		}
		java.util.Arrays.sort(unloaded);

		long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		Map<Integer, AtomicInteger> loginStatuses = new ConcurrentHashMap<>();
		AtomicLong loginErrors = new AtomicLong();
		List<Thread> flood = new ArrayList<>();
		// clients = 0: the flood comes from outside (bench/login-flood.lua with wrk),
		// this
		// process only probes
		for (int i = 0; i < clients; i++) {
			Thread thread = new Thread(() -> {
				HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
				while (System.nanoTime() < end) {
					String body = "{\"username\":\"n" + UUID.randomUUID().toString().substring(0, 20)
							+ "\",\"password\":\"some password\"}";
					try {
						HttpResponse<Void> response = client
							.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/auth/login"))
								.timeout(Duration.ofSeconds(10))
								.header("Content-Type", "application/json")
								.POST(HttpRequest.BodyPublishers.ofString(body))
								.build(), HttpResponse.BodyHandlers.discarding());
						loginStatuses.computeIfAbsent(response.statusCode(), (k) -> new AtomicInteger())
							.incrementAndGet();
					}
					catch (Exception ex) {
						loginErrors.incrementAndGet();
					}
				}
			});
			thread.start();
			flood.add(thread);
		}
		Thread.sleep(1000);
		HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		List<Long> me = new ArrayList<>();
		List<Long> health = new ArrayList<>();
		int meTimeouts = 0;
		int healthTimeouts = 0;
		int tick = 0;
		while (System.nanoTime() < end - Duration.ofMillis(500).toNanos()) {
			long start = System.nanoTime();
			try {
				HttpResponse<Void> response = probe
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/me"))
						.timeout(Duration.ofSeconds(5))
						.header("Authorization", "Bearer " + token)
						.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() != 200) {
					throw new IllegalStateException("/api/me answered " + response.statusCode());
				}
				me.add((System.nanoTime() - start) / 1000);
			}
			catch (java.net.http.HttpTimeoutException ex) {
				meTimeouts++;
			}
			if (tick++ % 10 == 0) {
				long healthStart = System.nanoTime();
				try {
					probe.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
						.timeout(Duration.ofSeconds(5))
						.build(), HttpResponse.BodyHandlers.discarding());
					health.add((System.nanoTime() - healthStart) / 1000);
				}
				catch (java.net.http.HttpTimeoutException ex) {
					healthTimeouts++;
				}
			}
			Thread.sleep(10);
		}
		for (Thread thread : flood) {
			thread.join();
		}
		long[] meSorted = me.stream().mapToLong(Long::longValue).sorted().toArray();
		long[] healthSorted = health.stream().mapToLong(Long::longValue).sorted().toArray();
		StringBuilder statuses = new StringBuilder("{");
		loginStatuses.forEach((status, count) -> statuses.append((statuses.length() > 1) ? ", " : "")
			.append('"')
			.append(status)
			.append("\": ")
			.append(count.get()));
		statuses.append('}');
		System.out.println(Propagation.toJson(Map.ofEntries(Map.entry("clients", clients),
				Map.entry("seconds", seconds), Map.entry("me_requests", meSorted.length),
				Map.entry("me_p50_us", percentile(meSorted, 50)), Map.entry("me_p99_us", percentile(meSorted, 99)),
				Map.entry("me_max_us", meSorted[meSorted.length - 1]), Map.entry("me_timeouts", meTimeouts),
				Map.entry("health_p99_us", percentile(healthSorted, 99)), Map.entry("health_timeouts", healthTimeouts),
				Map.entry("login_statuses", statuses.toString()), Map.entry("login_errors", loginErrors.get()),
				Map.entry("hashed_login_p50_us_unloaded", percentile(unloaded, 50)))));
		System.exit(0);
	}

	private static long percentile(long[] sorted, int percent) {
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, index)];
	}

}
