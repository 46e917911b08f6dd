package dev.jwtrevocation.token;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * HS256: the HMAC-SHA256 of {@code header.payload} with our key, compared in constant
 * time before any JSON is parsed, so nothing unauthenticated reaches the parser; then the
 * header.
 */
final class Hs256Signature implements JwsSignature {

	/** base64url characters of 32 bytes. */
	private static final int LENGTH = 43;

	private final ThreadLocal<Mac> mac;

	Hs256Signature(SecretKey key) {
		this.mac = ThreadLocal.withInitial(() -> hmacSha256(key));
	}

	@Override
	public int length() {
		return LENGTH;
	}

	@Override
	public String verify(CompactJws jws, String clientAddress) {
		if (!MessageDigest.isEqual(this.mac.get().doFinal(jws.signingInput()), jws.signature())) {
			throw InvalidAccessTokenException.invalid();
		}
		JwsHeaderRules.check(TokenJson.object(jws.header()), "HS256");
		return null;
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

}
