package dev.jwtrevocation.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.system.WorkBudget;

import dev.jwtrevocation.revocation.TokenLifetimes;
import dev.jwtrevocation.support.TokenForge;
import dev.jwtrevocation.token.InvalidAccessTokenException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * ES256 tokens: signed with the active key and its {@code kid}, verified with the key
 * their {@code kid} names, and once verified remembered, with expiry still checked.
 */
class Es256VerifierTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private final AtomicReference<Instant> now = new AtomicReference<>(NOW);

	private final Clock clock = new Clock() {
		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return Es256VerifierTests.this.now.get();
		}
	};

	private final JwtProperties properties = new JwtProperties("unused", "https://issuer.example", "api", "client",
			List.of(), Duration.ofMinutes(5), 1000, List.of());

	private final TokenLifetimes lifetimes = new TokenLifetimes(Duration.ofSeconds(30), Duration.ofMinutes(15),
			Duration.ofDays(7));

	private final SigningKey old = SigningKeysTests.es256("k1", Instant.EPOCH);

	private final SigningKey current = SigningKeysTests.es256("k2", NOW.minusSeconds(60));

	private final SigningKeys keys = new SigningKeys(List.of(this.old, this.current),
			this.lifetimes.accessTokenWithSkew());

	private final AccessTokenIssuer issuer = new AccessTokenIssuer(this.keys, this.properties, this.lifetimes,
			this.clock);

	private static final String CLIENT = "203.0.113.7";

	private final AccessTokenVerifier verifier = new AccessTokenVerifier(this.keys, this.properties, this.lifetimes,
			this.clock, new WorkBudget(1_000_000, 1_000_000));

	@Test
	void issueWhenKeysAreEs256ThenSignedWithTheActiveKeyAndItsKid() {
		String token = this.issuer.issue("alice", List.of("USER"), "sid", 1).value();

		Map<String, Object> header = TokenForge.decode(token.substring(0, token.indexOf('.')));
		assertThat(header).containsEntry("alg", "ES256").containsEntry("kid", "k2").containsEntry("typ", "at+jwt");
		assertThat(token.substring(token.lastIndexOf('.') + 1)).hasSize(86);
		assertThat(this.verifier.verify(token, CLIENT).subject()).isEqualTo("alice");
	}

	@Test
	void verifyWhenSignedByARetiredKeyWithinItsLastTokensLifetimeThenAccepted() {
		AccessTokenIssuer before = new AccessTokenIssuer(this.keys, this.properties, this.lifetimes,
				Clock.fixed(NOW.minusSeconds(120), ZoneOffset.UTC));
		String token = before.issue("alice", List.of(), "sid", 1).value();
		assertThat(TokenForge.decode(token.substring(0, token.indexOf('.')))).containsEntry("kid", "k1");

		assertThat(this.verifier.verify(token, CLIENT).subject()).isEqualTo("alice");
	}

	@Test
	void verifyWhenTheSignatureOrKidIsWrongThenInvalid() {
		String token = this.issuer.issue("alice", List.of(), "sid", 1).value();
		int signature = token.lastIndexOf('.') + 1;
		char flipped = (token.charAt(signature + 5) == 'A') ? 'B' : 'A';
		String tampered = token.substring(0, signature + 5) + flipped + token.substring(signature + 6);
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.verifier.verify(tampered, CLIENT));

		// the same payload and signature, but the header names the other key
		String header = TokenForge.encode(Map.of("alg", "ES256", "typ", "at+jwt", "kid", "k1"));
		String otherKid = header + token.substring(token.indexOf('.'));
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.verifier.verify(otherKid, CLIENT));

		String unknownKid = TokenForge.encode(Map.of("alg", "ES256", "typ", "at+jwt", "kid", "nope"))
				+ token.substring(token.indexOf('.'));
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.verifier.verify(unknownKid, CLIENT));
	}

	@Test
	void issueWhenEs256ThenEverySignatureHasTheLowSAndItsHighTwinIsRefused() {
		int twinsRefused = 0;
		for (int i = 0; i < 64; i++) {
			String token = this.issuer.issue("alice", List.of(), "sid" + i, 1).value();
			byte[] signature = java.util.Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
			assertThat(LowS.isLow(signature)).isTrue();
			assertThat(this.verifier.verify(token, CLIENT).subject()).isEqualTo("alice");
			String twin = highTwin(token);
			assertThatExceptionOfType(InvalidAccessTokenException.class)
				.isThrownBy(() -> this.verifier.verify(twin, CLIENT));
			twinsRefused++;
		}
		assertThat(twinsRefused).isEqualTo(64);
	}

	/** The (r, n - s) spelling of a token's signature: valid ECDSA, a second string. */
	private static String highTwin(String token) {
		java.math.BigInteger n = new java.math.BigInteger(
				"FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
		int start = token.lastIndexOf('.') + 1;
		byte[] signature = java.util.Base64.getUrlDecoder().decode(token.substring(start));
		byte[] s = n.subtract(new java.math.BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64)))
			.toByteArray();
		byte[] fixed = new byte[32];
		int length = Math.min(s.length, 32);
		System.arraycopy(s, s.length - length, fixed, 32 - length, length);
		System.arraycopy(fixed, 0, signature, 32, 32);
		return token.substring(0, start) + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
	}

	@Test
	void verifyWhenHs256SignedWithThePublishedPublicKeyThenInvalid() {
		// the classic confusion: HMAC keyed with the public key everybody can fetch
		byte[] publicKey = this.current.publicKey().getEncoded();
		Map<String, Object> claims = new java.util.HashMap<>(
				Map.of("iss", "https://issuer.example", "aud", "api", "sub", "mallory", "jti", "x", "sid", "s",
						"iat_ms", 1, "iat", NOW.getEpochSecond(), "exp", NOW.getEpochSecond() + 600));
		String forged = TokenForge.hmac(Map.of("alg", "HS256", "typ", "at+jwt", "kid", "k2"), claims, publicKey);

		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.verifier.verify(forged, CLIENT));
	}

	@Test
	void verifyWhenAnAddressSpentItsBudgetThenNewTokensAreThrottledButRememberedOnesAndOtherAddressesPass() {
		AccessTokenVerifier budgeted = new AccessTokenVerifier(this.keys, this.properties, this.lifetimes, this.clock,
				new WorkBudget(1, 1_000));
		String first = this.issuer.issue("alice", List.of(), "sid", 1).value();
		String second = this.issuer.issue("bob", List.of(), "sid", 1).value();
		assertThat(budgeted.verify(first, CLIENT).subject()).isEqualTo("alice");

		assertThatExceptionOfType(TooManyVerificationsException.class).isThrownBy(() -> budgeted.verify(second, CLIENT))
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo(ProblemType.VERIFICATION_THROTTLED))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo("1"));
		assertThat(budgeted.verify(first, CLIENT).subject()).isEqualTo("alice");
		assertThat(budgeted.verify(second, "198.51.100.1").subject()).isEqualTo("bob");
	}

	@Test
	void verifyWhenAllAddressesSpentTheTotalThenBusy() {
		AccessTokenVerifier budgeted = new AccessTokenVerifier(this.keys, this.properties, this.lifetimes, this.clock,
				new WorkBudget(1_000, 1));
		budgeted.verify(this.issuer.issue("alice", List.of(), "sid", 1).value(), "198.51.100.1");

		assertThatExceptionOfType(TooManyVerificationsException.class)
			.isThrownBy(() -> budgeted.verify(this.issuer.issue("bob", List.of(), "sid", 1).value(), CLIENT))
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo(ProblemType.VERIFICATION_BUSY));
	}

	@Test
	void verifyWhenForgedWithAnUnknownKidOrAHighSThenRefusedWithoutSpendingTheBudget() {
		AccessTokenVerifier budgeted = new AccessTokenVerifier(this.keys, this.properties, this.lifetimes, this.clock,
				new WorkBudget(1, 1_000));
		String token = this.issuer.issue("alice", List.of(), "sid", 1).value();
		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(InvalidAccessTokenException.class)
				.isThrownBy(() -> budgeted.verify(highTwin(token), CLIENT));
		}
		assertThat(budgeted.verify(token, CLIENT).subject()).isEqualTo("alice");
	}

	@Test
	void verifyWhenRememberedAndExpiredSinceThenExpired() {
		String token = this.issuer.issue("alice", List.of(), "sid", 1).value();
		AccessToken first = this.verifier.verify(token, CLIENT);
		assertThat(this.verifier.verify(token, CLIENT)).isSameAs(first);

		this.now.set(NOW.plus(Duration.ofMinutes(16)));

		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.verifier.verify(token, CLIENT))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.EXPIRED));
	}

	@Test
	void verifyWhenAKeyIsRetiredPastItsLastTokenThenItsTokensAreRefused() {
		AccessTokenIssuer before = new AccessTokenIssuer(this.keys, this.properties, this.lifetimes,
				Clock.fixed(NOW.minusSeconds(120), ZoneOffset.UTC));
		String token = before.issue("alice", List.of(), "sid", 1).value();
		this.now.set(NOW.minusSeconds(60).plus(this.lifetimes.accessTokenWithSkew()).plusSeconds(1));

		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.verifier.verify(token, CLIENT));
	}

}
