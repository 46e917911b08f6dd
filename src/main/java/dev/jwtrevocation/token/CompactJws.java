package dev.jwtrevocation.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The three parts of a compact JWS (RFC 7515 §7.1), accepted only in their one canonical
 * spelling: unpadded base64url whose last character carries no stray bits, and a
 * signature of exactly the algorithm's length. Nothing is decoded here but the part asked
 * for.
 */
final class CompactJws {

	private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

	private final String token;

	private final int headerEnd;

	private final int payloadEnd;

	private CompactJws(String token, int headerEnd, int payloadEnd) {
		this.token = token;
		this.headerEnd = headerEnd;
		this.payloadEnd = payloadEnd;
	}

	/**
	 * Splits a token whose signature must be {@code signatureLength} base64url
	 * characters.
	 * @throws InvalidAccessTokenException if the token has another shape or spelling
	 */
	static CompactJws split(String token, int signatureLength) {
		int headerEnd = token.indexOf('.');
		int payloadEnd = (headerEnd > 0) ? token.indexOf('.', headerEnd + 1) : -1;
		if (payloadEnd <= headerEnd + 1 || token.length() - payloadEnd - 1 != signatureLength
				|| !isCanonical(token, 0, headerEnd) || !isCanonical(token, headerEnd + 1, payloadEnd)
				|| !isCanonical(token, payloadEnd + 1, token.length())) {
			throw InvalidAccessTokenException.invalid();
		}
		return new CompactJws(token, headerEnd, payloadEnd);
	}

	/** The decoded header. */
	byte[] header() {
		return decode(this.token.substring(0, this.headerEnd));
	}

	/** The decoded payload. */
	byte[] payload() {
		return decode(this.token.substring(this.headerEnd + 1, this.payloadEnd));
	}

	/** {@code header.payload}, as signed. */
	byte[] signingInput() {
		return this.token.substring(0, this.payloadEnd).getBytes(StandardCharsets.US_ASCII);
	}

	/** The decoded signature. */
	byte[] signature() {
		return decode(this.token.substring(this.payloadEnd + 1));
	}

	/**
	 * Whether {@code token[from, to)} is unpadded base64url whose last character carries
	 * no stray bits: Java's decoder ignores them, which would let one token be written
	 * four (or sixteen) ways. Anything outside the alphabet, non-ASCII included, fails
	 * here, before the signature.
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
			throw InvalidAccessTokenException.invalid();
		}
	}

}
