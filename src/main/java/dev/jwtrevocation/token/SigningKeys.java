package dev.jwtrevocation.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import javax.crypto.SecretKey;

import org.springframework.util.Assert;

/**
 * The key set and its schedule: which key signs now, which keys a token may be verified
 * with, and which are published in the JWK Set. Pure logic on the instant given.
 * <p>
 * A key has a state only through time, so that every instance agrees without talking to
 * the others:
 * <ul>
 * <li><strong>next</strong>: its {@code signs-from} is in the future. Published, and its
 * tokens accepted (an instance whose clock runs a little ahead may already sign with it),
 * but nothing signs with it here yet;</li>
 * <li><strong>active</strong>: the latest key whose {@code signs-from} has passed:
 * signs;</li>
 * <li><strong>retired</strong>: a later key has become active. Published and accepted
 * until every token it signed has expired ({@code retiredFor} after its successor took
 * over: the token lifetime plus the clock skew), then dropped.</li>
 * </ul>
 * A rotation is therefore one configuration change made ahead of time: add the new key
 * with a {@code signs-from} at least the resource servers' JWK cache time away, and no
 * resource server ever meets a {@code kid} it has not fetched.
 */
public final class SigningKeys {

	/** The longest {@code kid}: it is part of a Redis key when the key is revoked. */
	static final int MAX_ID_LENGTH = 64;

	private final List<SigningKey> keys;

	private final Duration retiredFor;

	/**
	 * @param keys the configured keys, in any order
	 * @param retiredFor how long a replaced key is still accepted and published: the
	 * longest an access token lives, clock skew included
	 * @throws InvalidSigningKeyException if the set cannot work: empty, duplicate ids,
	 * HS256 mixed with ES256, or an ES256 key without an id
	 */
	public SigningKeys(List<SigningKey> keys, Duration retiredFor) {
		Assert.notNull(keys, "keys cannot be null");
		Assert.notNull(retiredFor, "retiredFor cannot be null");
		if (keys.isEmpty()) {
			throw new InvalidSigningKeyException("no signing key is configured");
		}
		Set<String> ids = new HashSet<>();
		for (SigningKey key : keys) {
			if (key.isAsymmetric() && (key.id() == null || key.id().isBlank())) {
				throw new InvalidSigningKeyException("every ES256 and RS256 key needs an id (jwt.keys[n].id)");
			}
			if (key.id() != null && !isValidId(key.id())) {
				throw new InvalidSigningKeyException("the key id '" + key.id() + "' has characters other than "
						+ "letters, digits, '.', '_' and '-', or more than " + MAX_ID_LENGTH);
			}
			if (key.id() != null && !ids.add(key.id())) {
				throw new InvalidSigningKeyException("two signing keys share the id " + key.id());
			}
		}
		if (keys.stream().map(SigningKey::isAsymmetric).distinct().count() > 1) {
			throw new InvalidSigningKeyException("HS256 and ES256 keys cannot be mixed: set JWT_SECRET or jwt.keys");
		}
		List<SigningKey> sorted = new ArrayList<>(keys);
		sorted.sort(Comparator.comparing(SigningKey::signsFrom));
		this.keys = List.copyOf(sorted);
		this.retiredFor = retiredFor;
	}

	/**
	 * The one HS256 secret: it signs and verifies, has no id, and never rotates by
	 * itself.
	 */
	public static SigningKeys hs256(SecretKey secret) {
		return new SigningKeys(List.of(new SigningKey(null, SigningKey.HS256, secret, secret, Instant.EPOCH)),
				Duration.ZERO);
	}

	/**
	 * The keys of one algorithm, with the same schedule: each algorithm rotates on its
	 * own.
	 * @return {@code null} if none is of that algorithm
	 */
	public SigningKeys only(String algorithm) {
		List<SigningKey> matching = this.keys.stream().filter((key) -> key.algorithm().equals(algorithm)).toList();
		return matching.isEmpty() ? null : new SigningKeys(matching, this.retiredFor);
	}

	/** The key that signs at {@code now}. */
	public SigningKey signing(Instant now) {
		SigningKey active = null;
		for (SigningKey key : this.keys) {
			if (!key.signsFrom().isAfter(now)) {
				active = key;
			}
		}
		if (active == null) {
			throw new InvalidSigningKeyException("no signing key signs yet: the earliest signs from "
					+ this.keys.get(0).signsFrom() + " (jwt.keys[n].signs-from)");
		}
		return active;
	}

	/**
	 * The key that signs at {@code now}, unless it has been revoked as compromised
	 * elsewhere (an emergency rotation on another instance): then the earliest next key
	 * not revoked, which has been published since it was configured, so that this
	 * instance's tokens are accepted everywhere before it restarts. With no such key, the
	 * active one: its tokens are refused, as they should be.
	 * @param revoked whether a {@code kid} is revoked
	 */
	public SigningKey signing(Instant now, Predicate<String> revoked) {
		SigningKey active = signing(now);
		if (active.id() == null || !revoked.test(active.id())) {
			return active;
		}
		for (SigningKey next : next(now)) {
			if (!revoked.test(next.id())) {
				return next;
			}
		}
		return active;
	}

	/**
	 * The key a token with this {@code kid} is verified with at {@code now}, or
	 * {@code null} if there is none (unknown, or retired and past its last token).
	 */
	public SigningKey verifying(String kid, Instant now) {
		for (int i = 0; i < this.keys.size(); i++) {
			SigningKey key = this.keys.get(i);
			if (key.id() != null && key.id().equals(kid)) {
				return isLive(i, now) ? key : null;
			}
		}
		return null;
	}

	/** Every key still accepted at {@code now}: what the JWK Set publishes. */
	public List<SigningKey> published(Instant now) {
		List<SigningKey> live = new ArrayList<>(this.keys.size());
		for (int i = 0; i < this.keys.size(); i++) {
			if (isLive(i, now)) {
				live.add(this.keys.get(i));
			}
		}
		return live;
	}

	/** Whether the keys are ES256 (with a JWK Set) rather than one HS256 secret. */
	public boolean isAsymmetric() {
		return this.keys.get(0).isAsymmetric();
	}

	/** The keys that do not sign yet at {@code now}, earliest first. */
	public List<SigningKey> next(Instant now) {
		return this.keys.stream().filter((key) -> key.signsFrom().isAfter(now)).toList();
	}

	/**
	 * Whether {@code id} can be a {@code kid}: letters, digits, {@code .}, {@code _},
	 * {@code -}, at most {@link #MAX_ID_LENGTH}; so that a revoked key's entry in Redis
	 * is unambiguous.
	 */
	public static boolean isValidId(String id) {
		if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
			return false;
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
					|| c == '-')) {
				return false;
			}
		}
		return true;
	}

	private boolean isLive(int index, Instant now) {
		// the first later key that has taken over ends this one's signing
		for (int later = index + 1; later < this.keys.size(); later++) {
			Instant takeover = this.keys.get(later).signsFrom();
			if (!takeover.isAfter(now)) {
				return !now.isAfter(takeover.plus(this.retiredFor));
			}
		}
		return true;
	}

}
