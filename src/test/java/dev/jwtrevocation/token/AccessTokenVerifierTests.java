package dev.jwtrevocation.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import dev.jwtrevocation.revocation.TokenLifetimes;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.support.TokenForge;
import org.junit.jupiter.api.Test;

import dev.jwtrevocation.system.WorkBudget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The lifetime boundaries of the verifier, on a fixed clock, and the tokens the issuer
 * writes.
 */
class AccessTokenVerifierTests {

	private static final String CLIENT = "203.0.113.7";

	private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final TokenForge forge = new TokenForge(IntegrationTest.TEST_SECRET, "jwt-revocation",
			"jwt-revocation-api");

	private final JwtProperties properties = new JwtProperties(IntegrationTest.TEST_SECRET, "jwt-revocation",
			"jwt-revocation-api", "client", List.of(), Duration.ofMinutes(5), 20_000, List.of());

	private final TokenLifetimes lifetimes = new TokenLifetimes(SKEW, Duration.ofMinutes(15), Duration.ofDays(7));

	private final SecretKeySpec key = new SecretKeySpec(Base64.getDecoder().decode(IntegrationTest.TEST_SECRET),
			"HmacSHA256");

	private final AccessTokenVerifier verifier = new AccessTokenVerifier(SigningKeys.hs256(this.key), this.properties,
			this.lifetimes, Clock.fixed(NOW, ZoneOffset.UTC), new WorkBudget(1_000_000, 1_000_000));

	@Test
	void verifyWhenIssuedByTheIssuerThenEveryClaimComesBack() {
		AccessTokenIssuer issuer = new AccessTokenIssuer(SigningKeys.hs256(this.key), this.properties, this.lifetimes,
				Clock.fixed(NOW, ZoneOffset.UTC));
		String token = issuer.issue("Alice", List.of("USER", "ADMIN"), "session-1", 1_795_953_600_123L).value();

		AccessToken verified = this.verifier.verify(token, CLIENT);

		assertThat(verified.subject()).isEqualTo("Alice");
		assertThat(verified.roles()).containsExactly("USER", "ADMIN");
		assertThat(verified.sessionId()).isEqualTo("session-1");
		assertThat(verified.issuedAtMillis()).isEqualTo(1_795_953_600_123L);
		assertThat(verified.issuedAt()).isEqualTo(NOW);
		assertThat(verified.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
		assertThat(verified.id()).hasSize(22);
	}

	@Test
	void verifyWhenRefusedThenTheExceptionCarriesNoStackTrace() {
		// a flood of bad tokens must not pay for a stack walk per request
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.verifier.verify("a.b.c", CLIENT))
			.satisfies((ex) -> assertThat(ex.getStackTrace()).isEmpty());
		assertThat(new MalformedAuthorizationException("two headers").getStackTrace()).isEmpty();
	}

	@Test
	void verifyWhenExpiredButInsideTheSkewThenAcceptedAndAtTheEdgeRefused() {
		assertThat(this.verifier.verify(token("exp", NOW.minusSeconds(29).getEpochSecond()), CLIENT)).isNotNull();
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.verifier.verify(token("exp", NOW.minus(SKEW).getEpochSecond()), CLIENT))
			.withMessage("The access token has expired");
	}

	@Test
	void verifyWhenIssuedInTheFutureWithinTheSkewThenAcceptedBeyondItRefused() {
		assertThat(this.verifier.verify(token("iat", NOW.plusSeconds(30).getEpochSecond()), CLIENT)).isNotNull();
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.verifier.verify(token("iat", NOW.plusSeconds(31).getEpochSecond()), CLIENT))
			.withMessage("The access token is not valid yet");
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.verifier.verify(token("nbf", NOW.plusSeconds(31).getEpochSecond()), CLIENT));
	}

	@Test
	void verifyWhenNumericDateHasAFractionThenItCounts() {
		AccessToken verified = this.verifier.verify(token("exp", NOW.getEpochSecond() + 60.5), CLIENT);
		assertThat(verified.expiresAt()).isEqualTo(NOW.plusMillis(60_500));
	}

	@Test
	void verifyWhenSignatureHasOneBitFlippedThenRefused() {
		String token = token("exp", NOW.plusSeconds(60).getEpochSecond());
		char last = token.charAt(token.length() - 2);
		String flipped = token.substring(0, token.length() - 2) + ((last == 'A') ? 'B' : 'A')
				+ token.charAt(token.length() - 1);
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.verifier.verify(flipped, CLIENT));
	}

	private String token(String claim, Object value) {
		Map<String, Object> claims = this.forge.claims("alice");
		claims.put("iat", NOW.getEpochSecond());
		claims.put("exp", NOW.plusSeconds(600).getEpochSecond());
		claims.put(claim, value);
		return this.forge.sign(this.forge.header(), claims);
	}

	@Test
	void verifyWhenTheSignaturesUnusedBitsAreSetThenRefusedSoNoTokenHasASecondSpelling() {
		AccessTokenIssuer issuer = new AccessTokenIssuer(SigningKeys.hs256(this.key), this.properties, this.lifetimes,
				Clock.fixed(NOW, ZoneOffset.UTC));
		String token = issuer.issue("Alice", List.of("USER"), "session-1", 1L).value();
		this.verifier.verify(token, CLIENT);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		int last = alphabet.indexOf(token.charAt(token.length() - 1));
		int accepted = 0;
		for (int bits = 1; bits < 4; bits++) {
			// the same 32 signature bytes: a lenient decoder reads these as the original
			String variant = token.substring(0, token.length() - 1) + alphabet.charAt(last | bits);
			try {
				this.verifier.verify(variant, CLIENT);
				accepted++;
			}
			catch (InvalidAccessTokenException ex) {
				// refused, as it must be
			}
		}
		assertThat(accepted).isZero();
	}

}
