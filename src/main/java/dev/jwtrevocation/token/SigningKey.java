package dev.jwtrevocation.token;

import java.security.Key;
import java.security.PublicKey;
import java.time.Instant;

import org.springframework.util.Assert;

/**
 * One key of the key set: the key that signs ({@code ES256} and {@code RS256}: the
 * private key; {@code HS256}: the shared secret), the key that verifies, and from when it
 * signs. ES256 and HS256 keys sign access tokens; RS256 keys (2048 bits or more) sign the
 * Security Event Tokens of the Shared Signals transmitter, as the CAEP interoperability
 * profile requires.
 *
 * @param id the {@code kid} written into the tokens it signs and published in the JWK Set
 * ({@code null} for the single HS256 secret)
 * @param algorithm {@code ES256}, {@code RS256} or {@code HS256}
 * @param signing what signs
 * @param verifying what verifies: the public key, or for HS256 the secret again
 * @param signsFrom from when it signs (until a later key does)
 */
public record SigningKey(String id, String algorithm, Key signing, Key verifying, Instant signsFrom) {

	public static final String ES256 = "ES256";

	public static final String HS256 = "HS256";

	public static final String RS256 = "RS256";

	public SigningKey {
		Assert.isTrue(ES256.equals(algorithm) || HS256.equals(algorithm) || RS256.equals(algorithm),
				"algorithm must be ES256, RS256 or HS256");
		Assert.notNull(signing, "signing cannot be null");
		Assert.notNull(verifying, "verifying cannot be null");
		Assert.notNull(signsFrom, "signsFrom cannot be null");
	}

	public boolean isAsymmetric() {
		return !HS256.equals(this.algorithm);
	}

	/** The public half, for the JWK Set; {@code null} for HS256. */
	public PublicKey publicKey() {
		return (this.verifying instanceof PublicKey publicKey) ? publicKey : null;
	}

	/** Never prints a key. */
	@Override
	public String toString() {
		return "SigningKey[id=" + this.id + ", algorithm=" + this.algorithm + ", signsFrom=" + this.signsFrom + "]";
	}

}
