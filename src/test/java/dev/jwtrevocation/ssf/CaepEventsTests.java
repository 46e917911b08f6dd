package dev.jwtrevocation.ssf;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.jwtrevocation.revocation.RevocationReason;
import dev.jwtrevocation.revocation.TrailEntry;

import static org.assertj.core.api.Assertions.assertThat;

class CaepEventsTests {

	private static final String ISSUER = "https://auth.example.com";

	private final CaepEvents events = new CaepEvents(ISSUER, false);

	@Test
	void ofWhenALogoutOfATokenInASessionThenSessionRevokedWithUserAndSession() {
		CaepEvents.Event event = this.events
			.of(entry("logout", "alice", "token", "jti-1", "alice", null, "sid-1", null));

		assertThat(event.type()).isEqualTo(CaepEvents.SESSION_REVOKED);
		assertThat(event.subject())
			.isEqualTo(Map.of("format", "complex", "user", Map.of("format", "iss_sub", "iss", ISSUER, "sub", "alice"),
					"session", Map.of("format", "opaque", "id", "sid-1")));
		assertThat(event.body()).containsEntry("event_timestamp", 1_700_000_000L);
		assertThat(event.origin()).isNull();
	}

	@Test
	void ofWhenATokenNamesNoSessionThenNothing() {
		assertThat(this.events.of(entry("token-revocation", "client", "token", "jti-1", "alice", null, null, null)))
			.isNull();
	}

	@Test
	void ofWhenAWholeUserOrClientThenSessionsRevokedNamingThem() {
		CaepEvents.Event user = this.events
			.of(entry("logout-all", "alice", "user", "alice", "alice", null, null, null));
		CaepEvents.Event client = this.events.of(entry("operator", "ops", "client", "orders", null, null, null, null));

		assertThat(user.type()).isEqualTo(CaepEvents.SESSIONS_REVOKED);
		assertThat(user.subject()).isEqualTo(Map.of("format", "iss_sub", "iss", ISSUER, "sub", "alice"));
		assertThat(client.subject()).isEqualTo(Map.of("format", "iss_sub", "iss", ISSUER, "sub", "orders"));
	}

	@Test
	void ofWhenEmailSubjectsAndTheUsernameIsAnEmailThenAnEmailSubject() {
		CaepEvents withEmail = new CaepEvents(ISSUER, true);

		assertThat(
				withEmail.of(entry("logout-all", "a", "user", "alice@example.com", null, null, null, null)).subject())
			.isEqualTo(Map.of("format", "email", "email", "alice@example.com"));
		assertThat(withEmail.of(entry("logout-all", "a", "user", "alice", null, null, null, null)).subject())
			.isEqualTo(Map.of("format", "iss_sub", "iss", ISSUER, "sub", "alice"));
	}

	@Test
	void ofWhenAnOperatorGaveAReasonThenTheEventCarriesIt() {
		RevocationReason reason = new RevocationReason("compromise", "Ticket 42", "Please sign in again", "admin");
		CaepEvents.Event event = this.events
			.of(entry("operator", "ops", "session", "sid-9", "bob", null, null, reason));

		assertThat(event.body()).containsEntry("initiating_entity", "admin")
			.containsEntry("reason_admin", Map.of("en", "Ticket 42"))
			.containsEntry("reason_user", Map.of("en", "Please sign in again"));
	}

	@Test
	void ofWhenAProviderSignalThenItsOriginIsTheProvider() {
		CaepEvents.Event event = this.events.of(entry("ssf-push", "https://idp.example", "issuer-subject", "u-1", null,
				"https://idp.example", null, null));

		assertThat(event.origin()).isEqualTo("https://idp.example");
		assertThat(event.subject()).isEqualTo(Map.of("format", "iss_sub", "iss", "https://idp.example", "sub", "u-1"));
	}

	@Test
	void ofWhenAProvidersOwnSignalForASubjectThenRelayedNamingItsIssuerAndSub() {
		String keyed = dev.jwtrevocation.revocation.IssuerNamespace.of("https://idp.example").subject("u{1}%");
		CaepEvents.Event event = this.events.of(entry("backchannel-logout", "https://idp.example", "user", keyed,
				keyed.toLowerCase(), null, null, null));

		assertThat(event.type()).isEqualTo(CaepEvents.SESSIONS_REVOKED);
		assertThat(event.subject())
			.isEqualTo(Map.of("format", "iss_sub", "iss", "https://idp.example", "sub", "u{1}%"));
		assertThat(event.origin()).isEqualTo("https://idp.example");
	}

	@Test
	void ofWhenAProvidersSessionEndedThenNothing() {
		assertThat(this.events
			.of(entry("ssf-push", "https://idp.example", "session", "sid", "abcdefgh:", null, null, null))).isNull();
	}

	@Test
	void ofWhenALiftOrAProvidersSessionThenNothing() {
		assertThat(this.events.of(entry("lift", "ops", "user", "alice", "alice", null, null, null))).isNull();
		assertThat(this.events.of(entry("ssf-push", "https://idp.example", "issuer-session", "s", null,
				"https://idp.example", null, null)))
			.isNull();
	}

	@Test
	void ofWhenAKeyOrAnInstantThenAnOpaqueSubjectNoUserCouldBe() {
		assertThat(this.events.of(entry("compromised-key", "system", "key", "k1", null, null, null, null)).subject())
			.isEqualTo(Map.of("format", "opaque", "id", "kid:k1"));
		assertThat(this.events.of(entry("operator", "ops", "before", "2026-01-01T00:00:00Z", null, null, null, null))
			.subject()).isEqualTo(Map.of("format", "opaque", "id", "issued-before:2026-01-01T00:00:00Z"));
	}

	private static TrailEntry entry(String action, String actor, String kind, String value, String user, String issuer,
			String session, RevocationReason reason) {
		return new TrailEntry("1700000000123-0", action, actor, kind, value, user, issuer, reason, -1, 100, "i-1", null,
				List.of(), null, session);
	}

}
