package dev.jwtrevocation.token;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verified-token cache stays within its capacity and keeps the tokens in use.
 */
class VerifiedTokensTests {

	@Test
	void putWhenFarMoreTokensThanTheCapacityThenNeverHoldsMore() {
		VerifiedTokens cache = new VerifiedTokens(1000);
		for (int i = 0; i < 100_000; i++) {
			cache.put("token-" + i, token(i));
			assertThat(cache.size()).isLessThanOrEqualTo(1000);
		}
	}

	@Test
	void putWhenManyThreadsAddAndReadAtOnceThenStillBoundedAndEveryReadIsRight() throws Exception {
		VerifiedTokens cache = new VerifiedTokens(1000);
		int threads = 8;
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
		java.util.concurrent.atomic.AtomicInteger largest = new java.util.concurrent.atomic.AtomicInteger();
		java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			done.add(pool.submit(() -> {
				for (int i = 0; i < 50_000; i++) {
					String token = "token-" + thread + "-" + i;
					AccessToken verified = token(i);
					cache.put(token, verified);
					AccessToken read = cache.get(token);
					assertThat(read == null || read == verified).isTrue();
					largest.accumulateAndGet(cache.size(), Math::max);
				}
				return null;
			}));
		}
		for (java.util.concurrent.Future<?> thread : done) {
			thread.get();
		}
		pool.shutdown();
		// each generation may take one token per racing thread beyond its half before it
		// is replaced
		assertThat(largest.get()).isLessThanOrEqualTo(1000 + 2 * threads);
	}

	@Test
	void getWhenATokenIsInSteadyUseThenItSurvivesEveryGeneration() {
		VerifiedTokens cache = new VerifiedTokens(100);
		AccessToken used = token(-1);
		cache.put("used", used);
		for (int i = 0; i < 10_000; i++) {
			cache.put("other-" + i, token(i));
			assertThat(cache.get("used")).as("after %d others", i).isSameAs(used);
		}
	}

	@Test
	void getWhenUnusedForTwoGenerationsThenForgotten() {
		VerifiedTokens cache = new VerifiedTokens(100);
		cache.put("once", token(-1));
		for (int i = 0; i < 100; i++) {
			cache.put("other-" + i, token(i));
		}
		assertThat(cache.get("once")).isNull();
		assertThat(cache.get("never")).isNull();
	}

	private static AccessToken token(int i) {
		return new AccessToken("jti-" + i, "alice", "sid", List.of("USER"), Instant.EPOCH, Instant.MAX, 0, null, null);
	}

}
