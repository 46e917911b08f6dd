package dev.jwtrevocation.revocation;

import java.security.SecureRandom;

/**
 * A 128-bit fingerprint of a revocation key, so that the mirror can hold a revocation in
 * a few primitive slots instead of a key string, and check a token without building one.
 * <p>
 * Two SipHash-1-3 values under two secret keys drawn at start, over the key's UTF-16 code
 * units. Being keyed, fingerprints cannot be aimed: nobody who does not know the keys can
 * choose a username whose key shares a fingerprint with someone else's revocation. By
 * chance, two of a million keys share one with probability about 2<sup>-88</sup>.
 * <p>
 * A key is hashed as the concatenation of up to four parts, so that a token's keys
 * ({@code jr:r:{user}:j:<jti>}) are fingerprinted from their pieces with no allocation.
 */
final class KeyFingerprint {

	private static final String NONE = "";

	private final long k0;

	private final long k1;

	private final long k2;

	private final long k3;

	private final int compressionRounds;

	private final int finalizationRounds;

	KeyFingerprint(SecureRandom random) {
		this(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong(), 1, 3);
	}

	KeyFingerprint(long k0, long k1, long k2, long k3, int compressionRounds, int finalizationRounds) {
		this.k0 = k0;
		this.k1 = k1;
		this.k2 = k2;
		this.k3 = k3;
		this.compressionRounds = compressionRounds;
		this.finalizationRounds = finalizationRounds;
	}

	/** The first half of a whole key's fingerprint. */
	long first(String key) {
		return hash(this.k0, this.k1, key, NONE, NONE, NONE);
	}

	/** The second half of a whole key's fingerprint. */
	long second(String key) {
		return hash(this.k2, this.k3, key, NONE, NONE, NONE);
	}

	/** The first half of the fingerprint of {@code a + b + c + d}. */
	long first(String a, String b, String c, String d) {
		return hash(this.k0, this.k1, a, b, c, d);
	}

	/** The second half of the fingerprint of {@code a + b + c + d}. */
	long second(String a, String b, String c, String d) {
		return hash(this.k2, this.k3, a, b, c, d);
	}

	private long hash(long key0, long key1, String a, String b, String c, String d) {
		long v0 = key0 ^ 0x736f6d6570736575L;
		long v1 = key1 ^ 0x646f72616e646f6dL;
		long v2 = key0 ^ 0x6c7967656e657261L;
		long v3 = key1 ^ 0x7465646279746573L;
		long word = 0;
		int filled = 0;
		for (int part = 0; part < 4; part++) {
			String text = (part == 0) ? a : (part == 1) ? b : (part == 2) ? c : d;
			for (int i = 0, length = text.length(); i < length; i++) {
				word |= ((long) text.charAt(i)) << (filled << 4);
				if (++filled == 4) {
					v3 ^= word;
					for (int round = 0; round < this.compressionRounds; round++) {
						v0 += v1;
						v1 = Long.rotateLeft(v1, 13) ^ v0;
						v0 = Long.rotateLeft(v0, 32);
						v2 += v3;
						v3 = Long.rotateLeft(v3, 16) ^ v2;
						v0 += v3;
						v3 = Long.rotateLeft(v3, 21) ^ v0;
						v2 += v1;
						v1 = Long.rotateLeft(v1, 17) ^ v2;
						v2 = Long.rotateLeft(v2, 32);
					}
					v0 ^= word;
					word = 0;
					filled = 0;
				}
			}
		}
		long bytes = 2L * ((long) a.length() + b.length() + c.length() + d.length());
		word |= bytes << 56;
		return finish(v0, v1, v2, v3, word);
	}

	/**
	 * The last word's compression rounds, then the finalization rounds, in one loop (the
	 * message words' rounds are written out in {@link #hash}: the hot path streams the
	 * key's parts with no state object).
	 */
	private long finish(long v0, long v1, long v2, long v3, long last) {
		v3 ^= last;
		for (int round = 0, rounds = this.compressionRounds + this.finalizationRounds; round < rounds; round++) {
			if (round == this.compressionRounds) {
				v0 ^= last;
				v2 ^= 0xff;
			}
			v0 += v1;
			v1 = Long.rotateLeft(v1, 13) ^ v0;
			v0 = Long.rotateLeft(v0, 32);
			v2 += v3;
			v3 = Long.rotateLeft(v3, 16) ^ v2;
			v0 += v3;
			v3 = Long.rotateLeft(v3, 21) ^ v0;
			v2 += v1;
			v1 = Long.rotateLeft(v1, 17) ^ v2;
			v2 = Long.rotateLeft(v2, 32);
		}
		return v0 ^ v1 ^ v2 ^ v3;
	}

}
