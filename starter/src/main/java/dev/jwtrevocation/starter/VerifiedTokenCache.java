package dev.jwtrevocation.starter;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.util.Assert;

/**
 * A {@link JwtDecoder} that verifies each token's signature once and remembers the
 * verified token, keyed by the exact token, while every rule still runs on every request:
 * expiry and the other timestamps, issuer, audience, {@code typ}, every validator bean
 * and the revocation check. What it saves is the signature (about 1 ms of CPU for ES256
 * or RS256 on the JDK) and the parsing.
 * <p>
 * Only a token that passed every rule is remembered: a forged, expired or never-valid one
 * never is, so it cannot be used to fill the memory; a remembered token that a rule
 * refuses later (it expired, it was revoked) is forgotten. The memory is bounded in bytes
 * ({@code jwt.revocation.verified-token-cache.max-bytes}): past the bound, the oldest
 * third of the entries go. A remembered token is verified again with the keys of the day
 * once its {@code max-age} has passed, by default Spring's own JWK Set refresh (5
 * minutes): a key that leaves the issuer's JWK Set stops validating its tokens no later
 * than Spring would notice; a key revoked as compromised stops them at once, through the
 * revocation check.
 */
final class VerifiedTokenCache implements JwtDecoder {

	/** What an entry costs beside its token: the claims, the headers, the map's node. */
	private static final int ENTRY_OVERHEAD = 600;

	private final JwtDecoder verifier;

	private final OAuth2TokenValidator<Jwt> validator;

	private final long maxBytes;

	private final long maxAgeNanos;

	private final LongSupplier nanoTime;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final AtomicLong bytes = new AtomicLong();

	private final ReentrantLock eviction = new ReentrantLock();

	/**
	 * @param verifier verifies a token's signature and parses it, validating nothing else
	 * @param validator every rule, run on every request
	 * @param maxBytes the bound on the memory its entries take, estimated
	 * @param maxAge how long a verified token is trusted before its signature is checked
	 * again
	 */
	VerifiedTokenCache(JwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, long maxBytes, Duration maxAge,
			LongSupplier nanoTime) {
		Assert.notNull(verifier, "verifier cannot be null");
		Assert.notNull(validator, "validator cannot be null");
		Assert.isTrue(maxBytes > 0, "maxBytes must be positive");
		Assert.isTrue(maxAge != null && !maxAge.isNegative() && !maxAge.isZero(), "maxAge must be positive");
		this.verifier = verifier;
		this.validator = validator;
		this.maxBytes = maxBytes;
		this.maxAgeNanos = maxAge.toNanos();
		this.nanoTime = nanoTime;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Entry entry = this.entries.get(token);
		long now = this.nanoTime.getAsLong();
		if (entry != null && now - entry.verifiedAt() > this.maxAgeNanos) {
			forget(token, entry);
			entry = null;
		}
		Jwt jwt = (entry != null) ? entry.jwt() : this.verifier.decode(token);
		OAuth2TokenValidatorResult result = this.validator.validate(jwt);
		if (result.hasErrors()) {
			if (entry != null) {
				forget(token, entry);
			}
			throw invalid(result.getErrors());
		}
		if (entry == null) {
			remember(token, new Entry(jwt, now, cost(token)));
		}
		return jwt;
	}

	/** How many tokens are remembered. */
	int size() {
		return this.entries.size();
	}

	/** The estimated bytes the remembered tokens take. */
	long bytes() {
		return this.bytes.get();
	}

	private void remember(String token, Entry entry) {
		if (this.entries.putIfAbsent(token, entry) == null) {
			if (this.bytes.addAndGet(entry.cost()) > this.maxBytes) {
				evict();
			}
		}
	}

	private void forget(String token, Entry entry) {
		if (this.entries.remove(token, entry)) {
			this.bytes.addAndGet(-entry.cost());
		}
	}

	/**
	 * Drops entries until a third of the bound is free, the stale first: one thread does
	 * it while the others go on, so that a flood of valid tokens costs a sweep per third
	 * of the bound rather than one per token.
	 */
	private void evict() {
		if (!this.eviction.tryLock()) {
			return;
		}
		try {
			long target = this.maxBytes * 2 / 3;
			long now = this.nanoTime.getAsLong();
			sweep((entry) -> now - entry.verifiedAt() > this.maxAgeNanos, target);
			sweep((entry) -> true, target);
		}
		finally {
			this.eviction.unlock();
		}
	}

	private void sweep(Predicate<Entry> drop, long target) {
		Iterator<Map.Entry<String, Entry>> iterator = this.entries.entrySet().iterator();
		while (this.bytes.get() > target && iterator.hasNext()) {
			Map.Entry<String, Entry> next = iterator.next();
			if (drop.test(next.getValue())) {
				forget(next.getKey(), next.getValue());
			}
		}
	}

	private static long cost(String token) {
		// the token (one byte a character: the key and the Jwt share the string), the
		// claims and headers decoded from it, and room to spare
		return 3L * token.length() + ENTRY_OVERHEAD;
	}

	/** As {@code NimbusJwtDecoder} words it, so that nothing downstream can tell. */
	private static JwtValidationException invalid(Collection<OAuth2Error> errors) {
		String message = errors.stream()
			.map(OAuth2Error::getDescription)
			.filter((text) -> text != null && !text.isEmpty())
			.findFirst()
			.map((description) -> "An error occurred while attempting to decode the Jwt: " + description)
			.orElse("Unable to validate Jwt");
		return new JwtValidationException(message, errors);
	}

	/**
	 * A verified token.
	 *
	 * @param jwt what the verifier answered
	 * @param verifiedAt when its signature was checked (monotonic nanoseconds)
	 * @param cost its estimated bytes
	 */
	private record Entry(Jwt jwt, long verifiedAt, long cost) {
	}

}
