package dev.jwtrevocation.revocation;

import java.time.Instant;

import org.springframework.lang.Nullable;

/**
 * What the denylist needs to know of a verified access token (RFC 9068): who it belongs
 * to, its {@code jti}, the login session it was issued under, when it was issued, when it
 * expires and which key signed it.
 * <p>
 * This service's own tokens carry all of it, their issue time in milliseconds on Redis's
 * clock. A token of an OpenID provider has its subject namespaced by issuer
 * ({@link IssuerNamespace}), its issue time in whole seconds, and may lack a {@code jti}
 * or a {@code sid}: it is then refused by what it does carry (its subject's cutoff
 * always).
 */
public interface RevocableToken {

	/**
	 * The {@code sub} claim: the user, whose keys share one Redis Cluster hash tag; for a
	 * provider's token, {@link IssuerNamespace#subject}.
	 */
	String subject();

	/**
	 * The {@code jti} claim, the key of this token in the denylist; {@code null} if a
	 * provider's token has none.
	 */
	@Nullable
	String id();

	/**
	 * The {@code sid} claim; {@code null} if a provider's token has none (no session
	 * revocation can then refuse it, only its subject's).
	 */
	@Nullable
	String sessionId();

	/**
	 * Whose sessions the {@code sid} is one of, the owner its session key is named by:
	 * the subject for this service's tokens; the provider's namespace
	 * ({@link IssuerNamespace#sessionOwner}) for a provider's, whose session ids are
	 * unique across its subjects and whose logout may name a session alone.
	 */
	default String sessionOwner() {
		return subject();
	}

	/**
	 * Issue time in milliseconds: on Redis's clock, the clock a logout-all cutoff is
	 * taken from, for this service's tokens; {@code iat × 1000} for a provider's, so that
	 * a cutoff in second {@code t} refuses every token issued within {@code t}.
	 */
	long issuedAtMillis();

	/** The {@code exp} claim. */
	Instant expiresAt();

	/**
	 * The {@code kid} header: the signing key, all of whose tokens are refused once it is
	 * revoked as compromised ({@link RevocationKeys#signingKey}). {@code null} for a
	 * token signed without one (the single HS256 secret).
	 */
	default String keyId() {
		return null;
	}

	/**
	 * The {@code client_id} claim (RFC 9068 §2.2): the client the token was issued to,
	 * all of whose tokens are refused up to its cutoff
	 * ({@link RevocationKeys#clientCutoff}). {@code null} for a token that names none, or
	 * whose client this service does not know (a provider's).
	 */
	@Nullable
	default String clientId() {
		return null;
	}

}
