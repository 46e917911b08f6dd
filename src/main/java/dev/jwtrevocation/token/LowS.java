package dev.jwtrevocation.token;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;

/**
 * One spelling per ES256 signature. ECDSA is malleable: if {@code (r, s)} verifies, so
 * does {@code (r, n - s)}, a second string for the same token that a cache keyed on the
 * exact string would treat as another token. Signatures are therefore issued with the low
 * {@code s} ({@code s <= n / 2}, as Bitcoin's BIP 62 and Ethereum's EIP-2 require) and
 * every signature with a high {@code s} is refused before it is verified.
 */
final class LowS {

	/** The order of the P-256 group (FIPS 186-4, D.1.2.3). */
	private static final BigInteger N = new BigInteger(
			"FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

	private static final BigInteger HALF_N = N.shiftRight(1);

	private static final int HALF = 32;

	private static final byte[] HALF_N_BYTES = fixed(HALF_N);

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

	private LowS() {
	}

	/** Whether the {@code s} of an R||S (RFC 7518 §3.4) signature is at most n/2. */
	static boolean isLow(byte[] signature) {
		for (int i = 0; i < HALF; i++) {
			int presented = signature[HALF + i] & 0xff;
			int limit = HALF_N_BYTES[i] & 0xff;
			if (presented != limit) {
				return presented < limit;
			}
		}
		return true;
	}

	/** The compact ES256 token with its signature's {@code s} made low. */
	static String of(String token) {
		int signatureStart = token.lastIndexOf('.') + 1;
		byte[] signature = BASE64URL_DECODER.decode(token.substring(signatureStart));
		if (isLow(signature)) {
			return token;
		}
		BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, HALF, 2 * HALF));
		byte[] low = fixed(N.subtract(s));
		System.arraycopy(low, 0, signature, HALF, HALF);
		return token.substring(0, signatureStart) + BASE64URL.encodeToString(signature);
	}

	private static byte[] fixed(BigInteger value) {
		byte[] bytes = value.toByteArray();
		byte[] fixed = new byte[HALF];
		int length = Math.min(bytes.length, HALF);
		System.arraycopy(bytes, bytes.length - length, fixed, HALF - length, length);
		return fixed;
	}

}
