package dev.jwtrevocation.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.util.StringUtils;

/**
 * Turns {@code JWT_SECRET} into the HMAC-SHA256 key that signs and verifies access
 * tokens.
 * <p>
 * RFC 8725 §3.5 asks for keys with as much entropy as the MAC output, so anything shorter
 * than 32 bytes stops the application. Only the {@code dev} profile may invent a key, so
 * that a production deployment never silently runs with a key nobody else knows.
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

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	private static byte[] decode(String secret) {
		if (!StringUtils.hasText(secret)) {
			throw new InvalidSigningKeyException("JWT_SECRET is not set");
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(secret.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSigningKeyException("JWT_SECRET is not valid base64");
		}
		if (key.length < MIN_KEY_BYTES) {
			throw new InvalidSigningKeyException(
					"JWT_SECRET decodes to " + key.length + " bytes, fewer than the " + MIN_KEY_BYTES + " required");
		}
		if (isObviouslyWeak(key)) {
			throw new InvalidSigningKeyException("JWT_SECRET is a short pattern repeated (or a single byte), not "
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

	private static SecretKey hmacSha256(byte[] key) {
		return new SecretKeySpec(key, "HmacSHA256");
	}

}
