package dev.jwtrevocation.oauth;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.jwtrevocation.token.EventSigningKeys;
import dev.jwtrevocation.token.JwtProperties;
import dev.jwtrevocation.token.SigningKey;
import dev.jwtrevocation.token.SigningKeys;

/**
 * The JWK Set (RFC 7517): the public keys a resource server verifies this service's ES256
 * tokens with, every key still accepted (next, active and retired ones,
 * {@link SigningKeys}), and the RS256 keys that sign Security Event Tokens
 * ({@link EventSigningKeys}). Cacheable for {@code jwt.jwks-max-age}; a rotation
 * publishes its new key at least that long before it signs. With HS256 and no RS256 key
 * there is nothing to publish: the set is empty.
 */
@RestController
class JwkSetController {

	static final String PATH = "/.well-known/jwks.json";

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final SigningKeys keys;

	private final EventSigningKeys eventKeys;

	private final CacheControl cacheControl;

	private final Clock clock;

	JwkSetController(SigningKeys keys, EventSigningKeys eventKeys, JwtProperties properties, Clock clock) {
		Assert.notNull(keys, "keys cannot be null");
		Assert.notNull(eventKeys, "eventKeys cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.keys = keys;
		this.eventKeys = eventKeys;
		this.cacheControl = CacheControl.maxAge(properties.jwksMaxAge()).cachePublic();
		this.clock = clock;
	}

	@Operation(summary = "The public keys of the access tokens (JWK Set)",
			description = "Every ES256 key a token may be signed with, and every RS256 key a Security Event Token "
					+ "may be signed with: the next one before it signs, the active one, retired ones until their "
					+ "last token has expired.")
	@GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, List<Map<String, String>>>> keySet() {
		List<Map<String, String>> jwks = new ArrayList<>();
		for (SigningKey key : this.keys.published(this.clock.instant())) {
			if (key.publicKey() instanceof ECPublicKey publicKey) {
				jwks.add(jwk(key.id(), publicKey));
			}
		}
		for (SigningKey key : this.eventKeys.published(this.clock.instant())) {
			if (key.publicKey() instanceof RSAPublicKey publicKey) {
				jwks.add(jwk(key.id(), publicKey));
			}
		}
		return ResponseEntity.ok().cacheControl(this.cacheControl).body(Map.of("keys", jwks));
	}

	/** RFC 7518 §6.2.1: the coordinates as 32 bytes each, big-endian, unsigned. */
	static Map<String, String> jwk(String id, ECPublicKey key) {
		Map<String, String> jwk = new LinkedHashMap<>();
		jwk.put("kty", "EC");
		jwk.put("crv", "P-256");
		jwk.put("x", coordinate(key.getW().getAffineX()));
		jwk.put("y", coordinate(key.getW().getAffineY()));
		jwk.put("kid", id);
		jwk.put("use", "sig");
		jwk.put("alg", SigningKey.ES256);
		return jwk;
	}

	/** RFC 7518 §6.3.1: the modulus and exponent, big-endian, unsigned. */
	static Map<String, String> jwk(String id, RSAPublicKey key) {
		Map<String, String> jwk = new LinkedHashMap<>();
		jwk.put("kty", "RSA");
		jwk.put("n", unsigned(key.getModulus()));
		jwk.put("e", unsigned(key.getPublicExponent()));
		jwk.put("kid", id);
		jwk.put("use", "sig");
		jwk.put("alg", SigningKey.RS256);
		return jwk;
	}

	private static String unsigned(BigInteger value) {
		byte[] bytes = value.toByteArray();
		int leadingZero = (bytes.length > 1 && bytes[0] == 0) ? 1 : 0;
		return BASE64URL.encodeToString(java.util.Arrays.copyOfRange(bytes, leadingZero, bytes.length));
	}

	private static String coordinate(BigInteger value) {
		byte[] bytes = value.toByteArray();
		byte[] fixed = new byte[32];
		int length = Math.min(bytes.length, 32);
		System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
		return BASE64URL.encodeToString(fixed);
	}

}
