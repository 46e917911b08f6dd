package dev.jwtrevocation.security;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

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
		BoundedPasswordEncoder bounded = new BoundedPasswordEncoder(counting, 2);

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

}
