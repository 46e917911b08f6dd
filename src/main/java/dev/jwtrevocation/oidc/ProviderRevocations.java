package dev.jwtrevocation.oidc;

import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

import dev.jwtrevocation.revocation.IssuerNamespace;
import dev.jwtrevocation.revocation.RevocationCause;
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

	private final OpenIdProviders providers;

	ProviderRevocations(RevocationStore store, TokenLifetimes lifetimes, OpenIdProviders providers) {
		this.store = store;
		this.lifetimes = lifetimes;
		this.providers = providers;
	}

	/**
	 * Refuses every token of one of the provider's sessions.
	 * @throws org.springframework.dao.DataAccessException if Redis or the mirrors did not
	 * confirm it
	 */
	void revokeSession(String issuer, String sessionId, String channel, @Nullable String reason) {
		Assert.hasText(sessionId, "sessionId cannot be empty");
		this.store.revokeSession(IssuerNamespace.of(issuer).sessionOwner(), sessionId,
				this.lifetimes.providerRevocation(), RevocationCause.ofProvider(issuer, channel, reason));
	}

	/**
	 * Whether the issuer is one of {@code oidc.providers}: only theirs can be revoked,
	 * since only their tokens are accepted.
	 */
	public boolean isConfigured(String issuer) {
		return this.providers.find(issuer) != null;
	}

	/**
	 * An operator's revocation of one of a configured provider's sessions.
	 * @return the trail's entry
	 */
	public String revokeSession(String issuer, String sessionId, RevocationCause cause) {
		return this.store.revokeSession(IssuerNamespace.of(issuer).sessionOwner(), sessionId,
				this.lifetimes.providerRevocation(), cause);
	}

	/**
	 * An operator's revocation of every token of a configured provider's subject issued
	 * until now.
	 * @return the trail's entry
	 */
	public String revokeSubject(String issuer, String subject, RevocationCause cause) {
		return this.store
			.revokeAllIssuedUntil(IssuerNamespace.of(issuer).subject(subject), 0, this.lifetimes.providerRevocation(),
					cause)
			.entry();
	}

	/**
	 * Refuses every token of the provider's subject issued until now, or until
	 * {@code notBeforeMillis} on the provider's clock if that is later.
	 * @throws org.springframework.dao.DataAccessException if Redis or the mirrors did not
	 * confirm it
	 */
	void revokeSubject(String issuer, String subject, long notBeforeMillis, String channel, @Nullable String reason) {
		this.store.revokeAllIssuedUntil(IssuerNamespace.of(issuer).subject(subject), notBeforeMillis,
				this.lifetimes.providerRevocation(), RevocationCause.ofProvider(issuer, channel, reason));
	}

}
