package dev.jwtrevocation.oidc;

import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

import dev.jwtrevocation.revocation.IssuerNamespace;
import dev.jwtrevocation.revocation.RevocationSource;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.revocation.TokenLifetimes;

/**
 * What a provider's signal revokes, whichever channel brought it: a session refuses every
 * token carrying its {@code sid}; a subject refuses every token of it issued until now.
 * Both go through the revocation core, which owns the key names and TTLs
 * ({@code jwt.provider-access-token-ttl} plus three clock skews), makes them durable and
 * returns once every mirror holds them.
 */
@Component
public class ProviderRevocations {

	private final RevocationStore store;

	private final TokenLifetimes lifetimes;

	ProviderRevocations(RevocationStore store, TokenLifetimes lifetimes) {
		this.store = store;
		this.lifetimes = lifetimes;
	}

	/**
	 * Refuses every token of one of the provider's sessions.
	 * @throws org.springframework.dao.DataAccessException if Redis or the mirrors did not
	 * confirm it
	 */
	void revokeSession(String issuer, String sessionId, String channel, @Nullable String reason) {
		Assert.hasText(sessionId, "sessionId cannot be empty");
		this.store.revokeSession(IssuerNamespace.of(issuer).sessionOwner(), sessionId,
				this.lifetimes.providerRevocation(), new RevocationSource(issuer, channel, reason));
	}

	/**
	 * Refuses every token of the provider's subject issued until now, or until
	 * {@code notBeforeMillis} on the provider's clock if that is later.
	 * @throws org.springframework.dao.DataAccessException if Redis or the mirrors did not
	 * confirm it
	 */
	void revokeSubject(String issuer, String subject, long notBeforeMillis, String channel, @Nullable String reason) {
		this.store.revokeAllIssuedUntil(IssuerNamespace.of(issuer).subject(subject), notBeforeMillis,
				this.lifetimes.providerRevocation(), new RevocationSource(issuer, channel, reason));
	}

}
