package dev.jwtrevocation.token;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rotation schedule: next, active and retired keys follow from each key's
 * {@code signs-from} and the instant asked about.
 */
class SigningKeysTests {

	private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

	private static final Duration RETIRED_FOR = Duration.ofMinutes(15).plusSeconds(30);

	private final SigningKey old = es256("old", Instant.EPOCH);

	private final SigningKey current = es256("current", T0);

	private final SigningKey next = es256("next", T0.plus(Duration.ofDays(30)));

	private final SigningKeys keys = new SigningKeys(List.of(this.next, this.old, this.current), RETIRED_FOR);

	@Test
	void signingWhenSeveralKeysHaveStartedThenTheLatestSigns() {
		assertThat(this.keys.signing(T0.minusSeconds(1))).isSameAs(this.old);
		assertThat(this.keys.signing(T0)).isSameAs(this.current);
		assertThat(this.keys.signing(T0.plus(Duration.ofDays(31)))).isSameAs(this.next);
	}

	@Test
	void publishedWhenAKeyIsNextThenPublishedAndAcceptedBeforeItSigns() {
		Instant now = T0.plus(Duration.ofDays(1));
		assertThat(this.keys.published(now)).contains(this.next, this.current);
		assertThat(this.keys.verifying("next", now)).isSameAs(this.next);
		assertThat(this.keys.next(now)).containsExactly(this.next);
	}

	@Test
	void publishedWhenAKeyWasReplacedThenKeptUntilItsLastTokenExpiredThenDropped() {
		assertThat(this.keys.verifying("old", T0.plus(RETIRED_FOR))).isSameAs(this.old);
		assertThat(this.keys.published(T0.plus(RETIRED_FOR))).contains(this.old);
		assertThat(this.keys.verifying("old", T0.plus(RETIRED_FOR).plusMillis(1))).isNull();
		assertThat(this.keys.published(T0.plus(RETIRED_FOR).plusMillis(1))).containsExactly(this.current, this.next);
	}

	@Test
	void signingWhenTheActiveKeyIsRevokedThenTheStagedNextKeySignsAtOnce() {
		Instant now = T0.plusSeconds(60);
		assertThat(this.keys.signing(now, "current"::equals)).isSameAs(this.next);
		assertThat(this.keys.signing(now, (kid) -> false)).isSameAs(this.current);
		// nothing staged, or the staged key leaked too: its tokens are refused, as they
		// must be
		assertThat(this.keys.signing(now, (kid) -> true)).isSameAs(this.current);
		SigningKeys unstaged = new SigningKeys(List.of(this.old, this.current), RETIRED_FOR);
		assertThat(unstaged.signing(now, "current"::equals)).isSameAs(this.current);
		SecretKeySpec secret = new SecretKeySpec(new byte[32], "HmacSHA256");
		SigningKeys hs256 = SigningKeys.hs256(secret);
		assertThat(hs256.signing(now, (kid) -> {
			throw new AssertionError("an HS256 secret has no kid to look up");
		})).isSameAs(hs256.signing(now));
	}

	@Test
	void verifyingWhenTheKidIsUnknownOrMissingThenNone() {
		assertThat(this.keys.verifying("nobody", T0)).isNull();
		assertThat(this.keys.verifying(null, T0)).isNull();
	}

	@Test
	void signingWhenNoKeySignsYetThenRefused() {
		SigningKeys future = new SigningKeys(List.of(this.next), RETIRED_FOR);
		assertThatExceptionOfType(InvalidSigningKeyException.class).isThrownBy(() -> future.signing(T0))
			.withMessageContaining("no signing key signs yet");
	}

	@Test
	void constructWhenTheSetCannotWorkThenRefusedWithOneLine() {
		assertThatExceptionOfType(InvalidSigningKeyException.class)
			.isThrownBy(() -> new SigningKeys(List.of(), RETIRED_FOR))
			.withMessage("no signing key is configured");
		assertThatExceptionOfType(InvalidSigningKeyException.class)
			.isThrownBy(() -> new SigningKeys(List.of(this.old, es256("old", T0)), RETIRED_FOR))
			.withMessage("two signing keys share the id old");
		SecretKeySpec secret = new SecretKeySpec(new byte[32], "HmacSHA256");
		SigningKey hmac = new SigningKey(null, SigningKey.HS256, secret, secret, Instant.EPOCH);
		assertThatExceptionOfType(InvalidSigningKeyException.class)
			.isThrownBy(() -> new SigningKeys(List.of(this.old, hmac), RETIRED_FOR))
			.withMessageContaining("cannot be mixed");
		assertThatExceptionOfType(InvalidSigningKeyException.class)
			.isThrownBy(() -> new SigningKeys(List.of(es256(" ", T0)), RETIRED_FOR))
			.withMessageContaining("needs an id");
		// a kid becomes part of a Redis key when it is revoked
		assertThatExceptionOfType(InvalidSigningKeyException.class)
			.isThrownBy(() -> new SigningKeys(List.of(es256("k:cutoff", T0)), RETIRED_FOR))
			.withMessageContaining("'k:cutoff' has characters other than");
		assertThat(SigningKeys.isValidId("2026-11.k_1")).isTrue();
		assertThat(SigningKeys.isValidId("k".repeat(65))).isFalse();
		assertThat(SigningKeys.isValidId("k{x}")).isFalse();
	}

	@Test
	void toStringWhenPrintedThenNoKeyMaterial() {
		assertThat(this.current.toString()).isEqualTo("SigningKey[id=current, algorithm=ES256, signsFrom=" + T0 + "]");
	}

	static SigningKey es256(String id, Instant signsFrom) {
		KeyPair pair = Es256Keys.generate();
		return new SigningKey(id, SigningKey.ES256, pair.getPrivate(), pair.getPublic(), signsFrom);
	}

}
