package dev.jwtrevocation.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.jwtrevocation.revocation.TokenLifetimes;
import dev.jwtrevocation.token.InvalidAccessTokenException.Reason;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Verifies a compact access token following the JWT best current practices of RFC 8725
 * and the access-token profile of RFC 9068, without any network or Redis access.
 * <p>
 * This runs on every authenticated request, and a general-purpose JWT library spends most
 * of its time on what a service that accepts exactly one kind of token never needs
 * (algorithm and key resolution, JWK parsing, claim conversion). So the check is written
 * out for that one kind, in the order that refuses forgeries cheapest:
 * <ol>
 * <li>three canonical base64url parts (only the URL-safe alphabet, no padding, the unused
 * bits of the last character zero, so that no token has a second spelling), the signature
 * exactly 32 bytes (HS256) or 64 (ES256, whose {@code s} must be the low one:
 * {@link LowS}, so that no ES256 signature has a second spelling either);</li>
 * <li>HS256: the HMAC-SHA256 of {@code header.payload} with our key, compared in constant
 * time, before any JSON is parsed: nothing unauthenticated reaches the parser. ES256: the
 * header first (it names the key), then the ECDSA P-256 signature with the public key of
 * that {@code kid}, if it is one of ours and still accepted ({@link SigningKeys});</li>
 * <li>the header: {@code alg} exactly the configured algorithm (so {@code none}, other
 * sizes, HS256 signed with a published public key and any other algorithm fail),
 * {@code typ} {@code at+jwt} (RFC 9068 §4, so that no other JWT signed with the same key
 * can be replayed as an access token), and none of the headers that point at keys or
 * change processing ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}, {@code crit},
 * {@code zip}): they are refused, never followed;</li>
 * <li>the claims: {@code iss} and {@code aud} match, {@code exp} in the future and
 * {@code nbf} and {@code iat} not, each with the clock-skew leeway, and {@code jti},
 * {@code sub}, {@code sid}, {@code iat_ms} present. Duplicate members make the token
 * invalid.</li>
 * </ol>
 * An ES256 verification costs hundreds of microseconds where HS256 costs two, so ES256
 * tokens that verified are remembered by their exact string ({@link VerifiedTokens}):
 * each later request only checks that the token has not expired since (revocation is
 * checked by the caller on every request, as always).
 */
@Component
public final class AccessTokenVerifier {

	/**
	 * Far above any token this service issues; a bigger one is refused before it is
	 * decoded.
	 */
	static final int MAX_TOKEN_LENGTH = 8 * 1024;

	/** base64url characters of an HS256 signature (32 bytes). */
	private static final int HS256_SIGNATURE_LENGTH = 43;

	/**
	 * base64url characters of an ES256 signature (R and S, 32 bytes each: RFC 7518 §3.4).
	 */
	private static final int ES256_SIGNATURE_LENGTH = 86;

	private static final Set<String> REFUSED_HEADERS = Set.of("jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256", "crit",
			"zip");

	private static final String INVALID = "The access token is invalid";

	private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

	private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

	private final JsonMapper json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

	private final SigningKeys keys;

	/** HS256 only. */
	private final ThreadLocal<Mac> mac;

	/** ES256 only. */
	private final ThreadLocal<Signature> ecdsa;

	/** ES256 only, {@code null} when turned off. */
	private final VerifiedTokens verified;

	private final int signatureLength;

	private final String issuer;

	private final String audience;

	private final Clock clock;

	private final long clockSkewMillis;

	AccessTokenVerifier(SigningKeys keys, JwtProperties properties, TokenLifetimes lifetimes, Clock clock) {
		Assert.notNull(keys, "keys cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(lifetimes, "lifetimes cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.keys = keys;
		if (keys.isAsymmetric()) {
			this.mac = null;
			this.ecdsa = ThreadLocal.withInitial(AccessTokenVerifier::ecdsaP1363);
			this.verified = (properties.verifiedTokenCache() > 0) ? new VerifiedTokens(properties.verifiedTokenCache())
					: null;
			this.signatureLength = ES256_SIGNATURE_LENGTH;
		}
		else {
			SecretKey key = (SecretKey) keys.signing(clock.instant()).verifying();
			this.mac = ThreadLocal.withInitial(() -> hmacSha256(key));
			this.ecdsa = null;
			this.verified = null;
			this.signatureLength = HS256_SIGNATURE_LENGTH;
		}
		this.issuer = properties.issuer();
		this.audience = properties.audience();
		this.clock = clock;
		this.clockSkewMillis = lifetimes.clockSkew().toMillis();
	}

	/**
	 * Verifies the token and returns its claims.
	 * @param token the compact serialization taken from the {@code Authorization} header
	 * @return the verified claims
	 * @throws InvalidAccessTokenException if the token must not be accepted, for whatever
	 * reason
	 */
	public AccessToken verify(String token) {
		if (token == null || token.length() > MAX_TOKEN_LENGTH) {
			throw invalid();
		}
		if (this.verified != null) {
			AccessToken known = this.verified.get(token);
			if (known != null) {
				return unexpired(known);
			}
		}
		int headerEnd = token.indexOf('.');
		int payloadEnd = (headerEnd > 0) ? token.indexOf('.', headerEnd + 1) : -1;
		if (payloadEnd <= headerEnd + 1 || token.length() - payloadEnd - 1 != this.signatureLength
				|| !isCanonical(token, 0, headerEnd) || !isCanonical(token, headerEnd + 1, payloadEnd)
				|| !isCanonical(token, payloadEnd + 1, token.length())) {
			throw invalid();
		}
		if (this.mac != null) {
			verifySignature(token, payloadEnd);
			verifyHeader(parse(token.substring(0, headerEnd)), "HS256");
			return verifyClaims(parse(token.substring(headerEnd + 1, payloadEnd)), null);
		}
		// the header names the key: it is read first, but only a small object under
		// MAX_TOKEN_LENGTH, and nothing it says is followed except a kid of our own
		JsonNode header = parse(token.substring(0, headerEnd));
		verifyHeader(header, SigningKey.ES256);
		SigningKey key = this.keys.verifying(text(header, "kid"), this.clock.instant());
		if (key == null) {
			throw invalid();
		}
		verifyEcdsa(token, payloadEnd, key);
		AccessToken claims = verifyClaims(parse(token.substring(headerEnd + 1, payloadEnd)), key.id());
		if (this.verified != null) {
			this.verified.put(token, claims);
		}
		return claims;
	}

	/** A token verified earlier: only time can have made it invalid since. */
	private AccessToken unexpired(AccessToken token) {
		if (this.clock.millis() >= token.expiresAt().toEpochMilli() + this.clockSkewMillis) {
			throw new InvalidAccessTokenException(Reason.EXPIRED, "The access token has expired");
		}
		return token;
	}

	private void verifyEcdsa(String token, int payloadEnd, SigningKey key) {
		byte[] presented = decode(token.substring(payloadEnd + 1));
		if (!LowS.isLow(presented)) {
			// the second spelling (r, n - s) of a signature: refused before any ECDSA
			// work
			throw invalid();
		}
		Signature signature = this.ecdsa.get();
		try {
			signature.initVerify((PublicKey) key.verifying());
			signature.update(token.substring(0, payloadEnd).getBytes(StandardCharsets.US_ASCII));
			if (!signature.verify(presented)) {
				throw invalid();
			}
		}
		catch (SignatureException | InvalidKeyException ex) {
			throw invalid();
		}
	}

	private void verifySignature(String token, int payloadEnd) {
		byte[] presented = decode(token.substring(payloadEnd + 1));
		Mac mac = this.mac.get();
		byte[] signingInput = token.substring(0, payloadEnd).getBytes(StandardCharsets.US_ASCII);
		if (!MessageDigest.isEqual(mac.doFinal(signingInput), presented)) {
			throw invalid();
		}
	}

	private static void verifyHeader(JsonNode header, String algorithm) {
		if (!algorithm.equals(text(header, "alg")) || !isAccessTokenType(text(header, "typ"))) {
			throw invalid();
		}
		for (String name : REFUSED_HEADERS) {
			if (header.has(name)) {
				throw invalid();
			}
		}
	}

	private AccessToken verifyClaims(JsonNode claims, String keyId) {
		long now = this.clock.millis();
		long expiresAt = numericDate(claims, "exp");
		long issuedAt = numericDate(claims, "iat");
		if (now >= expiresAt + this.clockSkewMillis) {
			throw new InvalidAccessTokenException(Reason.EXPIRED, "The access token has expired");
		}
		JsonNode notBefore = claims.get("nbf");
		if (issuedAt > now + this.clockSkewMillis
				|| (notBefore != null && numericDate(claims, "nbf") > now + this.clockSkewMillis)) {
			throw new InvalidAccessTokenException(Reason.INVALID, "The access token is not valid yet");
		}
		JsonNode issuedAtMillis = claims.get(AccessTokenIssuer.ISSUED_AT_MILLIS_CLAIM);
		if (!this.issuer.equals(text(claims, "iss")) || !hasAudience(claims.get("aud")) || issuedAtMillis == null
				|| !issuedAtMillis.isIntegralNumber()) {
			throw invalid();
		}
		return new AccessToken(required(claims, "jti"), required(claims, "sub"),
				required(claims, AccessTokenIssuer.SESSION_CLAIM), roles(claims.get(AccessTokenIssuer.ROLES_CLAIM)),
				Instant.ofEpochMilli(issuedAt), Instant.ofEpochMilli(expiresAt), issuedAtMillis.longValue(),
				text(claims, AccessTokenIssuer.CLIENT_ID_CLAIM), keyId);
	}

	private boolean hasAudience(JsonNode audience) {
		if (audience == null) {
			return false;
		}
		if (audience.isString()) {
			return this.audience.equals(audience.stringValue());
		}
		if (audience.isArray()) {
			for (JsonNode element : audience) {
				if (element.isString() && this.audience.equals(element.stringValue())) {
					return true;
				}
			}
		}
		return false;
	}

	private static List<String> roles(JsonNode roles) {
		if (roles == null) {
			return List.of();
		}
		if (!roles.isArray()) {
			throw invalid();
		}
		List<String> values = new ArrayList<>(roles.size());
		for (JsonNode role : roles) {
			if (!role.isString()) {
				throw invalid();
			}
			values.add(role.stringValue());
		}
		return values;
	}

	private JsonNode parse(String part) {
		try {
			JsonNode node = this.json.readTree(decode(part));
			if (node == null || !node.isObject()) {
				throw invalid();
			}
			return node;
		}
		catch (JacksonException ex) {
			throw invalid();
		}
	}

	/**
	 * Whether {@code token[from, to)} is unpadded base64url whose last character carries
	 * no stray bits: Java's decoder ignores them, which would let one token be written
	 * four (or sixteen) ways. Anything outside the alphabet, non-ASCII included, fails
	 * here, before the MAC.
	 */
	static boolean isCanonical(String token, int from, int to) {
		int length = to - from;
		if (length % 4 == 1) {
			return false;
		}
		for (int i = from; i < to; i++) {
			if (base64UrlValue(token.charAt(i)) < 0) {
				return false;
			}
		}
		int last = (length > 0) ? base64UrlValue(token.charAt(to - 1)) : 0;
		return switch (length % 4) {
			case 2 -> (last & 0x0F) == 0;
			case 3 -> (last & 0x03) == 0;
			default -> true;
		};
	}

	private static int base64UrlValue(char c) {
		if (c >= 'A' && c <= 'Z') {
			return c - 'A';
		}
		if (c >= 'a' && c <= 'z') {
			return c - 'a' + 26;
		}
		if (c >= '0' && c <= '9') {
			return c - '0' + 52;
		}
		return (c == '-') ? 62 : (c == '_') ? 63 : -1;
	}

	private static byte[] decode(String part) {
		try {
			return BASE64URL.decode(part);
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
	}

	/**
	 * A NumericDate (RFC 7519 §2), seconds that may have a fraction, in epoch
	 * milliseconds.
	 */
	private static long numericDate(JsonNode claims, String name) {
		JsonNode value = claims.get(name);
		if (value == null || !value.isNumber()) {
			throw invalid();
		}
		if (!value.isIntegralNumber()) {
			return (long) Math.floor(value.doubleValue() * 1000);
		}
		if (!value.canConvertToLong() || Math.abs(value.longValue()) > Long.MAX_VALUE / 1000) {
			throw invalid();
		}
		return value.longValue() * 1000;
	}

	private static String required(JsonNode claims, String name) {
		String value = text(claims, name);
		if (value == null || value.isBlank()) {
			throw invalid();
		}
		return value;
	}

	private static String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private static boolean isAccessTokenType(String type) {
		return AccessTokenIssuer.TOKEN_TYPE.equalsIgnoreCase(type)
				|| ("application/" + AccessTokenIssuer.TOKEN_TYPE).equalsIgnoreCase(type);
	}

	private static Mac hmacSha256(SecretKey key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java platform", ex);
		}
	}

	/**
	 * ECDSA over P-256 with the signature as JWS writes it, R and S side by side, by
	 * BouncyCastle: 209 µs a verification here against 1,157 µs for JDK 17's SunEC
	 * ({@code bench.EcdsaCost}), which matters for every token not yet cached and for
	 * every forged one an anonymous caller sends. The provider is used directly, never
	 * registered.
	 */
	private static Signature ecdsaP1363() {
		try {
			return Signature.getInstance("SHA256withPLAIN-ECDSA", BOUNCY_CASTLE);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("BouncyCastle provides SHA256withPLAIN-ECDSA", ex);
		}
	}

	private static InvalidAccessTokenException invalid() {
		return new InvalidAccessTokenException(Reason.INVALID, INVALID);
	}

}
