package bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.jwtrevocation.JwtRevocationApplication;
import dev.jwtrevocation.revocation.RevocationMirror;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.StallingProxy;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How long a logout takes to answer, now that its 204 waits until every mirror sharing
 * the Redis holds the revocation (or has let its lease run out). Logs in {@code count}
 * times, then times each logout through instance A.
 * <p>
 * With {@code --stalled <redis port> <jwt secret>}, it first starts one more instance in
 * this JVM, connected to Redis through a proxy that then stops forwarding Redis's
 * replies: every logout must wait out that instance's lease.
 * <p>
 * Usage:
 * {@code LogoutLatency <label> <port A> <count> [--stalled <redis port> <secret>]};
 * prints one JSON object.
 */
public final class LogoutLatency {

	private static final String PASSWORD = "benchmark password";

	private LogoutLatency() {
	}

	public static void main(String[] args) throws Exception {
		String label = args[0];
		Api a = new Api(Integer.parseInt(args[1]));
		int count = Integer.parseInt(args[2]);
		String username = "logout-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
		a.register(username, PASSWORD);
		List<String> tokens = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			tokens.add(a.loginToken(username, PASSWORD));
		}
		StallingProxy proxy = null;
		ConfigurableApplicationContext stalled = null;
		if (args.length > 3 && args[3].equals("--stalled")) {
			proxy = new StallingProxy("127.0.0.1", Integer.parseInt(args[4]));
			stalled = new SpringApplicationBuilder(JwtRevocationApplication.class).run("--server.port=0",
					"--jwt.secret=" + args[5], "--spring.data.redis.url=" + proxy.url(), "--logging.level.root=WARN");
			RevocationMirror mirror = stalled.getBean(RevocationMirror.class);
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!mirror.isTrusted() && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			// the logouts start right away: the first ones wait for the stalled lease
			proxy.stall();
		}
		long[] micros = new long[count];
		for (int i = 0; i < count; i++) {
			long start = System.nanoTime();
			Api.Response logout = a.post("/auth/logout", tokens.get(i));
			micros[i] = (System.nanoTime() - start) / 1000;
			if (logout.status() != 204) {
				throw new IllegalStateException("logout answered " + logout.status());
			}
		}
		Arrays.sort(micros);
		if (stalled != null) {
			// closed first: what it logs while closing must not follow the JSON line
			proxy.close();
			stalled.close();
		}
		System.out.println(Propagation.toJson(Map.of("label", "\"" + label + "\"", "logouts", count, "p50_us",
				percentile(micros, 50), "p99_us", percentile(micros, 99), "max_us", micros[count - 1])));
		System.exit(0);
	}

	private static long percentile(long[] sorted, int percent) {
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, index)];
	}

}
