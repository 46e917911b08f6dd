package dev.jwtrevocation.oidc;

import org.springframework.util.Assert;

/**
 * What each Shared Signals event revokes, whichever delivery brought it:
 * <ul>
 * <li>CAEP {@code session-revoked}: the session of a complex subject; with a user only,
 * every token of that user issued until the event;</li>
 * <li>RISC {@code account-disabled}, {@code account-purged}, {@code sessions-revoked} and
 * CAEP {@code credential-change}: every token of the subject issued until the event;</li>
 * <li>SSF {@code verification}: nothing (the stream works);</li>
 * <li>any other event: nothing.</li>
 * </ul>
 * A subject's cutoff is the end of the event's second ({@code event_timestamp}, or the
 * SET's {@code iat}) on the provider's clock, or Redis's clock if that is later.
 */
final class SecurityEventHandler {

	private final ProviderRevocations revocations;

	SecurityEventHandler(ProviderRevocations revocations) {
		Assert.notNull(revocations, "revocations cannot be null");
		this.revocations = revocations;
	}

	/**
	 * @return what it did: {@code revoked}, {@code verified} or {@code ignored}
	 * @throws org.springframework.dao.DataAccessException if Redis or the mirrors did not
	 * confirm a revocation
	 */
	String apply(SecurityEvent event, String channel) {
		String issuer = event.provider().issuer();
		switch (event.type()) {
			case SecurityEvent.VERIFICATION:
				return "verified";
			case SecurityEvent.SESSION_REVOKED:
				if (event.sessionId() != null) {
					this.revocations.revokeSession(issuer, event.sessionId(), channel, event.reason());
					return "revoked";
				}
				return revokeSubject(event, channel);
			case SecurityEvent.CREDENTIAL_CHANGE, SecurityEvent.ACCOUNT_DISABLED, SecurityEvent.ACCOUNT_PURGED,
					SecurityEvent.SESSIONS_REVOKED:
				if (event.subject() == null && event.sessionId() != null) {
					this.revocations.revokeSession(issuer, event.sessionId(), channel, event.reason());
					return "revoked";
				}
				return revokeSubject(event, channel);
			default:
				return "ignored";
		}
	}

	private String revokeSubject(SecurityEvent event, String channel) {
		if (event.subject() == null) {
			return "ignored";
		}
		this.revocations.revokeSubject(event.provider().issuer(), event.subject(),
				event.occurredAt().getEpochSecond() * 1000 + 999, channel, event.reason());
		return "revoked";
	}

}
