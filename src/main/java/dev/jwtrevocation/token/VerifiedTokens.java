package dev.jwtrevocation.token;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens whose signature and claims were verified, by their exact compact string, so that
 * an ES256 signature (hundreds of microseconds) is verified once per token rather than on
 * every request. Only verified tokens enter, so an anonymous caller cannot fill it.
 * <p>
 * Bounded without a lock on the read path: two generations of at most {@code capacity/2}
 * tokens each. New tokens go into the current one; when it is full it becomes the
 * previous one (the older previous one is dropped) and a token found only in the previous
 * one moves back into the current. A token in steady use therefore stays, and one that
 * went unused for a whole generation is verified again if it comes back.
 */
final class VerifiedTokens {

	private final int generationSize;

	private volatile ConcurrentHashMap<String, AccessToken> current;

	private volatile ConcurrentHashMap<String, AccessToken> previous = new ConcurrentHashMap<>();

	/**
	 * @param capacity the most tokens held at once
	 */
	VerifiedTokens(int capacity) {
		this.generationSize = Math.max(1, capacity / 2);
		this.current = new ConcurrentHashMap<>(Math.min(this.generationSize, 1 << 16));
	}

	/** The verified claims of this exact token, or {@code null}. */
	AccessToken get(String token) {
		AccessToken verified = this.current.get(token);
		if (verified == null) {
			verified = this.previous.get(token);
			if (verified != null) {
				put(token, verified);
			}
		}
		return verified;
	}

	void put(String token, AccessToken verified) {
		ConcurrentHashMap<String, AccessToken> generation = this.current;
		generation.put(token, verified);
		if (generation.size() >= this.generationSize) {
			advance(generation);
		}
	}

	/** How many tokens are held (both generations; a token may be counted twice). */
	int size() {
		return this.current.size() + this.previous.size();
	}

	private synchronized void advance(ConcurrentHashMap<String, AccessToken> full) {
		if (this.current == full) {
			this.previous = full;
			this.current = new ConcurrentHashMap<>(Math.min(this.generationSize, 1 << 16));
		}
	}

}
