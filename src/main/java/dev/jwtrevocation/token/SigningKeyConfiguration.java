package dev.jwtrevocation.token;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.revocation.TokenLifetimes;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.io.ResourceLoader;
import org.springframework.lang.Nullable;
import org.springframework.util.StringUtils;

/**
 * The keys: {@code JWT_SECRET}, the HMAC-SHA256 key that keys the refresh-token chain
 * and, unless ES256 keys are configured ({@code jwt.keys}), signs the access tokens; and
 * the access-token key set ({@link SigningKeys}): the ES256 keys of {@code jwt.keys}; and
 * the RS256 keys of {@code jwt.keys}, which sign Security Event Tokens
 * ({@link EventSigningKeys}).
 * <p>
 * RFC 8725 §3.5 asks for keys with as much entropy as the MAC output, so anything shorter
 * than 32 bytes stops the application. Only the {@code dev} profile may invent a key, so
 * that a production deployment never silently runs with a key nobody else knows; there it
 * also generates an ES256 key pair, so that the JWK Set and the metadata can be tried
 * without any setup.
 */
@Configuration(proxyBeanMethods = false)
class SigningKeyConfiguration {

	static final int MIN_KEY_BYTES = 32;

	private static final Log logger = LogFactory.getLog(SigningKeyConfiguration.class);

	@Bean
	SecretKey accessTokenSigningKey(JwtProperties properties, Environment environment) {
		if (!StringUtils.hasText(properties.secret()) && environment.acceptsProfiles(Profiles.of("dev"))) {
			byte[] key = new byte[MIN_KEY_BYTES];
			new SecureRandom().nextBytes(key);
			logger.warn("dev profile: JWT_SECRET is not set, signing with a random key; tokens die with this process");
			return hmacSha256(key);
		}
		return hmacSha256(decode(properties.secret()));
	}

	/**
	 * Every key of {@code jwt.keys} but those listed in {@code jwt.compromised-keys},
	 * read once for both algorithms; in the dev profile without {@code jwt.keys}, a
	 * generated ES256 pair and a generated RS256 pair.
	 */
	@Bean
	ConfiguredKeys configuredSigningKeys(JwtProperties properties, TokenLifetimes lifetimes, Environment environment,
			ResourceLoader resources, Clock clock) {
		Duration retiredFor = lifetimes.accessTokenWithSkew();
		if (properties.keys().isEmpty()) {
			if (!environment.acceptsProfiles(Profiles.of("dev"))) {
				return new ConfiguredKeys(null);
			}
			logger.warn("dev profile: no jwt.keys, signing ES256 (and Security Event Tokens RS256) with generated "
					+ "key pairs; tokens die with this process");
			return new ConfiguredKeys(new SigningKeys(List.of(generatedEs256Key(), generatedRs256Key()), retiredFor));
		}
		List<SigningKey> keys = new ArrayList<>();
		for (int i = 0; i < properties.keys().size(); i++) {
			JwtProperties.Key configured = properties.keys().get(i);
			if (properties.compromisedKeys().contains(configured.id())) {
				logger.warn("Signing key " + configured.id() + " is listed in jwt.compromised-keys: it neither signs, "
						+ "nor verifies, nor is published");
				continue;
			}
			PrivateKey privateKey = PemKeys.privateKey(configured.privateKey(), resources, "jwt.keys[" + i + "]");
			Instant signsFrom = (configured.signsFrom() != null) ? configured.signsFrom() : Instant.EPOCH;
			keys.add(new SigningKey(configured.id(), PemKeys.algorithm(privateKey), privateKey,
					PemKeys.publicKey(privateKey), signsFrom));
		}
		if (keys.isEmpty()) {
			throw new InvalidSigningKeyException(
					"every key of jwt.keys is listed in jwt.compromised-keys: add a new " + "key that signs now");
		}
		SigningKeys all = new SigningKeys(keys, retiredFor);
		warnIfPublishedLate(all, properties, clock.instant());
		return new ConfiguredKeys(all);
	}

	@Bean
	SigningKeys accessTokenSigningKeys(ConfiguredKeys configured, SecretKey secret, Clock clock) {
		SigningKeys es256 = configured.only(SigningKey.ES256);
		if (es256 == null) {
			// no key, or RS256 keys only (they sign only Security Event Tokens): HS256
			return SigningKeys.hs256(secret);
		}
		es256.signing(clock.instant());
		return es256;
	}

	@Bean
	EventSigningKeys eventSigningKeys(ConfiguredKeys configured, ObjectProvider<RevocationStore> revocations) {
		// asked when a key is about to sign; a slice without the store knows of no
		// compromised key but those configured
		return new EventSigningKeys(configured.only(SigningKey.RS256), (kid) -> {
			RevocationStore store = revocations.getIfAvailable();
			return store != null && store.isSigningKeyRevoked(kid);
		});
	}

	private static void warnIfPublishedLate(SigningKeys keys, JwtProperties properties, Instant now) {
		for (SigningKey next : keys.next(now)) {
			if (Duration.between(now, next.signsFrom()).compareTo(properties.jwksMaxAge()) < 0) {
				logger.warn("Signing key " + next.id() + " signs from " + next.signsFrom()
						+ ", less than jwt.jwks-max-age (" + properties.jwksMaxAge()
						+ ") from now: a resource server holding a cached JWK Set without it "
						+ "may refuse its first tokens");
			}
		}
	}

	private static byte[] decode(String secret) {
		if (!StringUtils.hasText(secret)) {
			throw InvalidSigningKeyException.secret("JWT_SECRET is not set");
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(secret.trim());
		}
		catch (IllegalArgumentException ex) {
			throw InvalidSigningKeyException.secret("JWT_SECRET is not valid base64");
		}
		if (key.length < MIN_KEY_BYTES) {
			throw InvalidSigningKeyException.secret(
					"JWT_SECRET decodes to " + key.length + " bytes, fewer than the " + MIN_KEY_BYTES + " required");
		}
		if (isObviouslyWeak(key)) {
			throw InvalidSigningKeyException.secret("JWT_SECRET is a short pattern repeated (or a single byte), not "
					+ "random bytes: generate one with openssl rand -base64 32");
		}
		return key;
	}

	/**
	 * A key that repeats a pattern of up to 16 bytes (all zeros, "secretsecret...") or
	 * uses fewer than 8 distinct byte values: 32 random bytes have about 30.
	 */
	static boolean isObviouslyWeak(byte[] key) {
		for (int period = 1; period <= 16 && period < key.length; period++) {
			boolean repeats = true;
			for (int i = period; i < key.length && repeats; i++) {
				repeats = key[i] == key[i - period];
			}
			if (repeats) {
				return true;
			}
		}
		boolean[] seen = new boolean[256];
		int distinct = 0;
		for (byte b : key) {
			if (!seen[b & 0xFF]) {
				seen[b & 0xFF] = true;
				distinct++;
			}
		}
		return distinct < 8;
	}

	private static SigningKey generatedEs256Key() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = generator.generateKeyPair();
			String id = "dev-" + Long.toString(System.currentTimeMillis(), 36);
			return new SigningKey(id, SigningKey.ES256, pair.getPrivate(), pair.getPublic(), Instant.EPOCH);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("P-256 is part of every Java platform", ex);
		}
	}

	private static SigningKey generatedRs256Key() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(PemKeys.MIN_RSA_BITS);
			KeyPair pair = generator.generateKeyPair();
			String id = "dev-rs-" + Long.toString(System.currentTimeMillis(), 36);
			return new SigningKey(id, SigningKey.RS256, pair.getPrivate(), pair.getPublic(), Instant.EPOCH);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("RSA is part of every Java platform", ex);
		}
	}

	/**
	 * The keys of {@code jwt.keys}, every algorithm, {@code null} when none are
	 * configured.
	 */
	record ConfiguredKeys(@Nullable SigningKeys keys) {

		@Nullable
		SigningKeys only(String algorithm) {
			return (this.keys != null) ? this.keys.only(algorithm) : null;
		}

	}

	private static SecretKey hmacSha256(byte[] key) {
		return new SecretKeySpec(key, "HmacSHA256");
	}

}
