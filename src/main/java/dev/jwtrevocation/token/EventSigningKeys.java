package dev.jwtrevocation.token;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.springframework.lang.Nullable;
import org.springframework.util.Assert;

/**
 * The RS256 keys of {@code jwt.keys} (2048 bits or more), which sign the Security Event
 * Tokens this service transmits: the CAEP interoperability profile requires RS256. They
 * rotate as the access-token keys do ({@code signs-from}), are published in the same JWK
 * Set, and a key revoked as compromised ({@code jwt.compromised-keys}, or at runtime)
 * stops signing at once. With none configured, this service transmits nothing.
 */
public final class EventSigningKeys {

	@Nullable
	private final SigningKeys keys;

	private final Predicate<String> revoked;

	/**
	 * @param keys the RS256 keys, {@code null} if none
	 * @param revoked whether a {@code kid} has been revoked as compromised
	 */
	public EventSigningKeys(@Nullable SigningKeys keys, Predicate<String> revoked) {
		Assert.notNull(revoked, "revoked cannot be null");
		this.keys = keys;
		this.revoked = revoked;
	}

	/** Whether any RS256 key is configured. */
	public boolean isPresent() {
		return this.keys != null;
	}

	/**
	 * The key that signs at {@code now}, skipping one revoked as compromised.
	 * @throws IllegalStateException if there is none
	 */
	public SigningKey signing(Instant now) {
		Assert.state(this.keys != null, "no RS256 key is configured (jwt.keys)");
		return this.keys.signing(now, this.revoked);
	}

	/** The keys a receiver may meet at {@code now}, for the JWK Set. */
	public List<SigningKey> published(Instant now) {
		return (this.keys != null) ? this.keys.published(now) : List.of();
	}

}
