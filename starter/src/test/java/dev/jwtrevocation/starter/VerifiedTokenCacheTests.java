package dev.jwtrevocation.starter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The verified-token cache's rules, with a verifier that accepts a token when it says
 * {@code valid} and counts how often it was asked: pure logic, nothing cryptographic to
 * prove here (the example resource server decodes real ES256 and RS256 tokens through
 * it).
 */
class VerifiedTokenCacheTests {

	private final AtomicInteger verified = new AtomicInteger();

	private final AtomicLong now = new AtomicLong();

	/** Accepts a token unless its text says {@code forged}. */
	private final JwtDecoder verifier = (token) -> {
		this.verified.incrementAndGet();
		if (token.contains("forged")) {
			throw new BadJwtException("An error occurred while attempting to decode the Jwt: Signed JWT rejected");
		}
		return Jwt.withTokenValue(token)
			.header("alg", "ES256")
			.subject(token)
			.issuedAt(Instant.now().minusSeconds(10))
			.expiresAt(Instant.now().plusSeconds(600))
			.build();
	};

	/** Refuses a token whose text says {@code expired} or is listed as revoked. */
	private final List<String> revoked = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final AtomicInteger validated = new AtomicInteger();

	private final OAuth2TokenValidator<Jwt> validator = (jwt) -> {
		this.validated.incrementAndGet();
		if (jwt.getTokenValue().contains("expired") || this.revoked.contains(jwt.getTokenValue())) {
			return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Jwt expired", null));
		}
		return OAuth2TokenValidatorResult.success();
	};

	private final VerifiedTokenCache cache = new VerifiedTokenCache(this.verifier, this.validator, 1_000_000,
			Duration.ofMinutes(5), this.now::get);

	@Test
	void decodeWhenTheSameTokenAgainThenItsSignatureIsVerifiedOnceAndEveryRuleRunsEachTime() {
		this.cache.decode("token-a");
		this.cache.decode("token-a");
		this.cache.decode("token-a");

		assertThat(this.verified).hasValue(1);
		assertThat(this.validated).hasValue(3);
		assertThat(this.cache.size()).isOne();
	}

	@Test
	void decodeWhenARememberedTokenIsRevokedThenRefusedAtOnceAndForgotten() {
		this.cache.decode("token-b");
		this.revoked.add("token-b");

		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> this.cache.decode("token-b"))
			.withMessage("An error occurred while attempting to decode the Jwt: Jwt expired");
		assertThat(this.cache.size()).isZero();
		assertThat(this.cache.bytes()).isZero();
	}

	@Test
	void decodeWhenForgedOrExpiredThenRefusedEveryTimeAndNeverRemembered() {
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.cache.decode("forged-c"));
			assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> this.cache.decode("expired-d"));
		}

		assertThat(this.verified).hasValue(6);
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void decodeWhenTheTokenWasVerifiedLongerAgoThanMaxAgeThenVerifiedAgainWithTheKeysOfTheDay() {
		this.cache.decode("token-e");
		this.now.addAndGet(Duration.ofMinutes(5).toNanos() + 1);

		this.cache.decode("token-e");

		assertThat(this.verified).hasValue(2);
		assertThat(this.cache.size()).isOne();
	}

	@Test
	void decodeWhenAFloodOfDistinctValidTokensThenTheMemoryStaysUnderItsBound() {
		VerifiedTokenCache small = new VerifiedTokenCache(this.verifier, this.validator, 100_000, Duration.ofMinutes(5),
				this.now::get);
		String padding = "x".repeat(900);

		for (int i = 0; i < 10_000; i++) {
			small.decode("token-" + i + padding);
			assertThat(small.bytes()).isLessThanOrEqualTo(100_000 + 3 * 1_000 + 600);
		}

		assertThat(small.size()).isPositive().isLessThan(100);
	}

	@Test
	void decodeWhenEightThreadsMixValidAndForgedTokensThenOnlyVerifiedTokensAreEverAdmitted() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(8);
		AtomicInteger admittedForgeries = new AtomicInteger();
		AtomicInteger refusedValid = new AtomicInteger();
		AtomicInteger forgedAttempts = new AtomicInteger();
		List<Future<?>> running = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			int thread = t;
			running.add(threads.submit(() -> {
				for (int i = 0; i < 5_000; i++) {
					String token = ((i + thread) % 3 == 0) ? "forged-" + (i % 50) : "token-" + (i % 50);
					if (token.startsWith("forged")) {
						forgedAttempts.incrementAndGet();
					}
					try {
						this.cache.decode(token);
						if (token.startsWith("forged")) {
							admittedForgeries.incrementAndGet();
						}
					}
					catch (BadJwtException ex) {
						if (token.startsWith("token")) {
							refusedValid.incrementAndGet();
						}
					}
				}
				return null;
			}));
		}
		for (Future<?> thread : running) {
			thread.get();
		}
		threads.shutdown();

		assertThat(admittedForgeries).hasValue(0);
		assertThat(refusedValid).hasValue(0);
		assertThat(this.cache.size()).isEqualTo(50);
		// every valid request ran every rule; a forged one never reached them
		assertThat(this.validated.get()).isEqualTo(8 * 5_000 - forgedAttempts.get());
	}

}
