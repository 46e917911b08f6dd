package bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Api.Response;

/**
 * How long a revocation takes to reach another instance. For each trial: log in on A and
 * see B accept the token; then, while another thread polls B as fast as it can, log out
 * on A. The window is the time from A's 204 arriving to the sending of the first poll
 * that B refused; it is zero when B refused a poll sent before the 204 arrived. Its
 * resolution is one request to B, whose median is reported too. Also counts how often A
 * itself accepted a token right after the 204 that revoked it, and how often B accepted a
 * request sent after that 204 (both must be never).
 * <p>
 * Usage: {@code Propagation <port A> <port B> <trials>}; prints one JSON object.
 */
public final class Propagation {

	private static final String PASSWORD = "benchmark password";

	private Propagation() {
	}

	public static void main(String[] args) throws InterruptedException {
		Api a = new Api(Integer.parseInt(args[0]));
		Api b = new Api(Integer.parseInt(args[1]));
		int trials = Integer.parseInt(args[2]);
		String username = Api.uniqueUsername();
		check(a.register(username, PASSWORD), 201);
		long[] windows = new long[trials];
		List<Long> pollMicros = new ArrayList<>();
		int sameInstanceAccepted = 0;
		AtomicLong crossInstanceAccepted = new AtomicLong();
		for (int i = 0; i < trials; i++) {
			String token = a.loginToken(username, PASSWORD);
			check(b.get("/api/me", token), 200);
			AtomicLong firstRefusedSentAt = new AtomicLong();
			AtomicLong acknowledged = new AtomicLong(Long.MAX_VALUE);
			CountDownLatch polling = new CountDownLatch(1);
			Thread poller = new Thread(() -> {
				while (true) {
					long sentAt = System.nanoTime();
					Response response = b.get("/api/me", token);
					polling.countDown();
					synchronized (pollMicros) {
						pollMicros.add(response.elapsed().toNanos() / 1000);
					}
					if (response.status() == 401) {
						firstRefusedSentAt.set(sentAt);
						return;
					}
					check(response, 200);
					if (sentAt - acknowledged.get() > 0) {
						// sent after A's 204 and still accepted: the guarantee broken
						crossInstanceAccepted.incrementAndGet();
					}
				}
			});
			poller.start();
			polling.await();
			check(a.post("/auth/logout", token), 204);
			long acknowledgedAt = System.nanoTime();
			acknowledged.set(acknowledgedAt);
			if (a.get("/api/me", token).status() != 401) {
				sameInstanceAccepted++;
			}
			poller.join();
			windows[i] = Math.max(0, firstRefusedSentAt.get() - acknowledgedAt) / 1000;
		}
		Arrays.sort(windows);
		long[] polls = pollMicros.stream().mapToLong(Long::longValue).sorted().toArray();
		System.out.println(toJson(Map.of("trials", trials, "cross_instance_p50_us", percentile(windows, 50),
				"cross_instance_p99_us", percentile(windows, 99), "cross_instance_max_us", windows[trials - 1],
				"poll_request_p50_us", percentile(polls, 50), "same_instance_accepted_after_logout",
				sameInstanceAccepted, "cross_instance_accepted_after_logout", crossInstanceAccepted.get())));
	}

	private static long percentile(long[] sorted, int percent) {
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, index)];
	}

	private static void check(Response response, int status) {
		check(response.status(), status);
	}

	private static void check(int actual, int expected) {
		if (actual != expected) {
			throw new IllegalStateException("expected HTTP " + expected + " but got " + actual);
		}
	}

	static String toJson(Map<String, ?> values) {
		StringBuilder json = new StringBuilder("{");
		values.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((entry) -> json.append((json.length() > 1) ? ", " : "")
				.append('"')
				.append(entry.getKey())
				.append("\": ")
				.append(entry.getValue()));
		return json.append('}').toString();
	}

}
