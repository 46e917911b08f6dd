package dev.jwtrevocation.token;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.RedisProcess;
import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged ES256 tokens with the published {@code kid} and a signature of the right shape
 * cost a full ECDSA verification each: sent in parallel from one address, only the
 * budget's worth is verified and the rest are answered 429 (or 503 when the total is
 * spent) before any ECDSA work, while a token verified earlier keeps working.
 */
class VerificationBudgetIntegrationTests {

	private static final String PROBLEM = "tag:jwt-revocation.dev,2026:problem:";

	private static final SecureRandom random = new SecureRandom();

	@Test
	void forgedTokensWhenOneAddressFloodsThenBeyondItsBudget429AndKnownTokensStillPass() throws Exception {
		try (ConfigurableApplicationContext app = start("--jwt.verification-budget.per-address-per-second=5")) {
			Api api = Api.of(app);
			String known = api.newUserToken(Api.uniqueUsername());
			assertThat(api.get("/api/me", known).status()).isEqualTo(200);

			long start = System.nanoTime();
			Map<String, Integer> answers = flood(api, forgeries(known, 80));
			int verified = mostVerified(5, start);

			// the known token spent one of the five units of the burst
			assertThat(answers.get("401 token-invalid")).isBetween(4, verified);
			assertThat(answers.get("429 verification-throttled")).isGreaterThanOrEqualTo(80 - verified);
			assertThat(answers.keySet()).containsOnly("401 token-invalid", "429 verification-throttled");
			// a unit comes back every 200 ms: on a loaded machine one may have come back
			// since the flood, and the next forgery is verified (401) rather than refused
			Api.Response throttled = api.get("/api/me", forgeries(known, 1).get(0));
			for (int i = 0; i < 5 && throttled.status() == 401; i++) {
				throttled = api.get("/api/me", forgeries(known, 1).get(0));
			}
			assertThat(throttled.status()).isEqualTo(429);
			assertThat(throttled.header("Retry-After")).isEqualTo("1");
			assertThat(throttled.contentType()).startsWith("application/problem+json");
			assertThat(throttled.json().get("type").asString()).isEqualTo(PROBLEM + "verification-throttled");
			assertThat(app.getBean(MeterRegistry.class)
				.get("jwt.revocation.throttled")
				.tag("action", "verification")
				.counter()
				.count()).isEqualTo(answers.get("429 verification-throttled") + 1);
			assertThat(api.get("/api/me", known).status()).isEqualTo(200);
		}
	}

	@Test
	void forgedTokensWhenTheTotalIsSpentThen503WithRetryAfter() throws Exception {
		try (ConfigurableApplicationContext app = start("--jwt.verification-budget.per-address-per-second=1000",
				"--jwt.verification-budget.total-per-second=5")) {
			Api api = Api.of(app);
			String known = api.newUserToken(Api.uniqueUsername());
			assertThat(api.get("/api/me", known).status()).isEqualTo(200);

			long start = System.nanoTime();
			Map<String, Integer> answers = flood(api, forgeries(known, 80));

			assertThat(answers.get("503 verification-busy")).isGreaterThanOrEqualTo(80 - mostVerified(5, start));
			assertThat(answers.keySet()).containsOnly("401 token-invalid", "503 verification-busy");
			// the budget refills 5 a second: on a slow machine a verification may have
			// come
			// back since the flood, but a few more forgeries spend it again
			List<String> more = forgeries(known, 10);
			Api.Response busy = api.get("/api/me", more.get(0));
			for (int i = 1; busy.status() != 503 && i < more.size(); i++) {
				busy = api.get("/api/me", more.get(i));
			}
			assertThat(busy.status()).isEqualTo(503);
			assertThat(busy.header("Retry-After")).isEqualTo("1");
			assertThat(api.get("/api/me", known).status()).isEqualTo(200);
		}
	}

	/**
	 * The most verifications a budget of {@code perSecond} can have granted since
	 * {@code start}: its burst, then what it refilled meanwhile.
	 */
	private static int mostVerified(int perSecond, long start) {
		double seconds = (System.nanoTime() - start) / 1e9;
		return perSecond + (int) Math.ceil(perSecond * seconds);
	}

	private static ConfigurableApplicationContext start(String... budget) throws Exception {
		List<String> args = new ArrayList<>(List.of("--spring.data.redis.url=" + TestRedis.get().url(),
				"--jwt.keys[0].id=k0", "--jwt.keys[0].private-key=" + Es256Keys.pem(Es256Keys.generate())));
		args.addAll(List.of(budget));
		return Instances.startOn(RedisProcess.freePort(), args.toArray(new String[0]));
	}

	/**
	 * The known token's header and claims under a signature whose R is random and whose S
	 * is the genuine, low one: it passes every check before ECDSA, and fails ECDSA.
	 */
	private static List<String> forgeries(String known, int count) {
		int start = known.lastIndexOf('.') + 1;
		byte[] signature = Base64.getUrlDecoder().decode(known.substring(start));
		List<String> forgeries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			byte[] r = new byte[32];
			random.nextBytes(r);
			System.arraycopy(r, 0, signature, 0, 32);
			forgeries
				.add(known.substring(0, start) + Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
		}
		return forgeries;
	}

	/** Every forgery at once from eight connections: status and problem type, counted. */
	private static Map<String, Integer> flood(Api api, List<String> forgeries) {
		return api.inParallel(8, forgeries.size(), (client, i) -> client.get("/api/me", forgeries.get(i)),
				(response) -> response.status() + " "
						+ response.json().get("type").asString().substring(PROBLEM.length()));
	}

}
