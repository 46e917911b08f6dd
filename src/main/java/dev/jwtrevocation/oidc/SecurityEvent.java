package dev.jwtrevocation.oidc;

import java.time.Instant;

import org.springframework.lang.Nullable;

/**
 * A Security Event Token (RFC 8417) that passed every check, with its one event as Shared
 * Signals Framework 1.0 delivers them.
 *
 * @param provider the provider that signed it
 * @param id its {@code jti}
 * @param issuedAt its {@code iat}
 * @param type the event's type URI
 * @param subject the subject's identifier as its tokens carry it (the {@code sub} of an
 * {@code iss_sub} subject, the address of an {@code email} one, the {@code id} of an
 * {@code opaque} one), {@code null} if the event names none
 * @param sessionId the session of a complex subject, {@code null} if none
 * @param occurredAt the event's {@code event_timestamp}, or the SET's {@code iat}
 * @param reason {@code reason_admin} and {@code initiating_entity}, for the audit line;
 * {@code null} if neither is present
 */
record SecurityEvent(OpenIdProviderProperties.Provider provider, String id, Instant issuedAt, String type,
		@Nullable String subject, @Nullable String sessionId, Instant occurredAt, @Nullable String reason) {

	static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";

	static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";

	static final String SSF = "https://schemas.openid.net/secevent/ssf/event-type/";

	static final String SESSION_REVOKED = CAEP + "session-revoked";

	static final String CREDENTIAL_CHANGE = CAEP + "credential-change";

	static final String ACCOUNT_DISABLED = RISC + "account-disabled";

	static final String ACCOUNT_PURGED = RISC + "account-purged";

	static final String SESSIONS_REVOKED = RISC + "sessions-revoked";

	static final String VERIFICATION = SSF + "verification";

	@Override
	public String toString() {
		return "SecurityEvent[provider=" + this.provider.issuer() + ", jti=" + this.id + ", type=" + this.type + "]";
	}

}
