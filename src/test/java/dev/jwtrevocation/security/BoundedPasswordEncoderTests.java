package dev.jwtrevocation.security;

import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BoundedPasswordEncoderTests {

	@Test
	void matchesWhenManyThreadsHashAtOnceThenNoMoreThanThePermitsRunTogether() {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		PasswordEncoder argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
		String hash = argon2.encode("correct horse battery");
		PasswordEncoder counting = new PasswordEncoder() {
			@Override
			public String encode(CharSequence rawPassword) {
				return argon2.encode(rawPassword);
			}

			@Override
			public boolean matches(CharSequence rawPassword, String encodedPassword) {
				mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
				try {
					return argon2.matches(rawPassword, encodedPassword);
				}
				finally {
					running.decrementAndGet();
				}
			}
		};
		BoundedPasswordEncoder bounded = new BoundedPasswordEncoder(counting, 2, 10, Duration.ofSeconds(30));

		ExecutorService threads = Executors.newFixedThreadPool(12);
		try {
			List<CompletableFuture<Boolean>> logins = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				logins
					.add(CompletableFuture.supplyAsync(() -> bounded.matches("correct horse battery", hash), threads));
			}
			assertThat(logins).allSatisfy((login) -> assertThat(login.join()).isTrue());
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(mostAtOnce.get()).isBetween(1, 2);
	}

	@Test
	void matchesWhenEverySlotAndQueuePlaceIsTakenThenRefusedAtOnceNotParked() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		PasswordEncoder slow = new PasswordEncoder() {
			@Override
			public String encode(CharSequence rawPassword) {
				return "x";
			}

			@Override
			public boolean matches(CharSequence rawPassword, String encodedPassword) {
				try {
					return release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					return false;
				}
			}
		};
		BoundedPasswordEncoder bounded = new BoundedPasswordEncoder(slow, 1, 1, Duration.ofMillis(300));
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			// one hashing, one queued
			CompletableFuture<Boolean> hashing = CompletableFuture.supplyAsync(() -> bounded.matches("a", "x"),
					threads);
			Thread.sleep(50);
			CompletableFuture<Boolean> queued = CompletableFuture.supplyAsync(() -> bounded.matches("b", "x"), threads);
			Thread.sleep(50);
			long start = System.nanoTime();
			assertThatExceptionOfType(HashingBusyException.class).isThrownBy(() -> bounded.matches("c", "x"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
			// the queued one gives up after its bounded wait
			assertThat(queued).failsWithin(Duration.ofSeconds(2))
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.withCauseInstanceOf(HashingBusyException.class);
			release.countDown();
			assertThat(hashing.get()).isTrue();
			// and the slots are all free again
			assertThat(bounded.matches("d", "x")).isTrue();
		}
		finally {
			threads.shutdownNow();
		}
	}

}
