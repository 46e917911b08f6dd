package dev.jwtrevocation.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.json.JsonMapper;

/**
 * Builds JWTs by hand, byte for byte, so that tests can present the tokens an attacker
 * would: other algorithms, forged headers, missing claims. Nothing here goes through
 * jjwt, so the tests do not share the code they check.
 */
public final class TokenForge {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Base64.Encoder base64Url = Base64.getUrlEncoder().withoutPadding();

	private final byte[] key;

	private final String issuer;

	private final String audience;

	public TokenForge(String base64Key, String issuer, String audience) {
		this.key = Base64.getDecoder().decode(base64Key);
		this.issuer = issuer;
		this.audience = audience;
	}

	public Map<String, Object> header() {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("typ", "at+jwt");
		header.put("alg", "HS256");
		return header;
	}

	public Map<String, Object> claims(String subject) {
		long now = Instant.now().getEpochSecond();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", this.issuer);
		claims.put("sub", subject);
		claims.put("aud", this.audience);
		claims.put("iat", now);
		claims.put("exp", now + 600);
		claims.put("jti", UUID.randomUUID().toString());
		claims.put("sid", "forged-session-" + UUID.randomUUID());
		claims.put("iat_ms", System.currentTimeMillis());
		claims.put("roles", List.of("USER"));
		return claims;
	}

	/**
	 * Signed with the service's own key and the algorithm the header names
	 * (HS256/384/512).
	 */
	public String sign(Map<String, Object> header, Map<String, Object> claims) {
		return hmac(header, claims, this.key);
	}

	public static String hmac(Map<String, Object> header, Map<String, Object> claims, byte[] key) {
		String alg = String.valueOf(header.get("alg"));
		String javaAlg = "HmacSHA" + alg.substring(2);
		String signingInput = encode(header) + "." + encode(claims);
		try {
			Mac mac = Mac.getInstance(javaAlg);
			mac.init(new SecretKeySpec(key, javaAlg));
			return signingInput + "." + base64Url.encodeToString(mac.doFinal(ascii(signingInput)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Signs raw JSON texts with HS256, for documents a map cannot express (duplicates,
	 * arrays).
	 */
	public static String hmacRaw(String headerJson, String payloadJson, String base64Key) {
		String signingInput = base64Url.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
				+ base64Url.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
			return signingInput + "." + base64Url.encodeToString(mac.doFinal(ascii(signingInput)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String json(Map<String, Object> part) {
		return json.writeValueAsString(part);
	}

	/**
	 * RS256 with a fresh key pair whose public half is embedded as a {@code jwk} header.
	 */
	public static String rs256WithEmbeddedJwk(Map<String, Object> claims) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			var publicKey = (java.security.interfaces.RSAPublicKey) pair.getPublic();
			Map<String, Object> header = new LinkedHashMap<>();
			header.put("typ", "at+jwt");
			header.put("alg", "RS256");
			header.put("jwk", Map.of("kty", "RSA", "n", base64Url.encodeToString(unsigned(publicKey.getModulus())), "e",
					base64Url.encodeToString(unsigned(publicKey.getPublicExponent()))));
			String signingInput = encode(header) + "." + encode(claims);
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(pair.getPrivate());
			signature.update(ascii(signingInput));
			return signingInput + "." + base64Url.encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String unsigned(Map<String, Object> claims) {
		return encode(Map.of("typ", "at+jwt", "alg", "none")) + "." + encode(claims) + ".";
	}

	/** One base64url part of a compact token, as a map. */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> decode(String part) {
		return json.readValue(Base64.getUrlDecoder().decode(part), Map.class);
	}

	public static String encode(Map<String, Object> part) {
		return base64Url.encodeToString(json.writeValueAsBytes(part));
	}

	private static byte[] ascii(String value) {
		return value.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] unsigned(java.math.BigInteger value) {
		byte[] bytes = value.toByteArray();
		return (bytes[0] == 0) ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
	}

}
