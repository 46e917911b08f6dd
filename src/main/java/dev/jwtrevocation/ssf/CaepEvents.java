package dev.jwtrevocation.ssf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.lang.Nullable;
import org.springframework.util.Assert;

import dev.jwtrevocation.revocation.RevocationCause;
import dev.jwtrevocation.revocation.TrailEntry;

/**
 * What each revocation of the audit trail says to a receiver, as CAEP 1.0 and RISC put
 * it. Pure logic.
 * <ul>
 * <li>a session ended, or a token of a session revoked (a receiver cannot name one
 * token): CAEP {@code session-revoked}, subject complex: the user ({@code iss_sub}) and
 * the session ({@code opaque});</li>
 * <li>every token of a user, or of a client: RISC {@code sessions-revoked}, subject the
 * user or client ({@code iss_sub}, or {@code email} with
 * {@code ssf.transmitter.email-subjects});</li>
 * <li>an OpenID provider's subject (an operator's selector, or a provider's own signal
 * relayed to the other streams): the same, naming the provider in the
 * {@code iss_sub};</li>
 * <li>a signing key, or every token issued before an instant: CAEP
 * {@code session-revoked} with an {@code opaque} subject naming the key ({@code kid:...})
 * or the instant ({@code issued-before:...}): what a receiver can match, nothing it would
 * mistake for a user;</li>
 * <li>a lift, a token that names no session, or an OpenID provider's session or token
 * (whose {@code opaque} session id would read as this service's): nothing.</li>
 * </ul>
 * Each event carries {@code event_timestamp} and the reason's {@code initiating_entity},
 * {@code reason_admin} and {@code reason_user}.
 */
final class CaepEvents {

	static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

	static final String SESSIONS_REVOKED = "https://schemas.openid.net/secevent/risc/event-type/sessions-revoked";

	static final String VERIFICATION = "https://schemas.openid.net/secevent/ssf/event-type/verification";

	/** What this transmitter sends, in the order streams show it. */
	static final List<String> SUPPORTED = List.of(SESSIONS_REVOKED, SESSION_REVOKED);

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s.]{1,63}");

	private final String issuer;

	private final boolean emailSubjects;

	/**
	 * @param issuer this service's issuer: the {@code iss} of its users' subjects
	 * @param emailSubjects whether an email-shaped username is named as an email
	 */
	CaepEvents(String issuer, boolean emailSubjects) {
		Assert.hasText(issuer, "issuer cannot be empty");
		this.issuer = issuer;
		this.emailSubjects = emailSubjects;
	}

	/**
	 * The event of an entry, {@code null} if it has none.
	 */
	@Nullable
	Event of(TrailEntry entry) {
		if (RevocationCause.LIFT.equals(entry.action())) {
			return null;
		}
		String type;
		Map<String, Object> subject;
		switch (entry.kind()) {
			case "token" -> {
				if (entry.session() == null || entry.user() == null) {
					return null;
				}
				type = SESSION_REVOKED;
				subject = complex(user(entry.user()), opaque(entry.session()));
			}
			case "session" -> {
				if (origin(entry) != null) {
					return null;
				}
				type = SESSION_REVOKED;
				subject = (entry.user() != null) ? complex(user(entry.user()), opaque(entry.value()))
						: complex(null, opaque(entry.value()));
			}
			case "user", "client" -> {
				type = SESSIONS_REVOKED;
				int tag = entry.value().indexOf(':');
				if (tag < 0) {
					subject = user(entry.value());
				}
				else if (origin(entry) != null) {
					// a provider's subject, keyed <tag>:<sub> (IssuerNamespace): named as
					// the provider names it
					subject = issSub(origin(entry), unescape(entry.value().substring(tag + 1)));
				}
				else {
					return null;
				}
			}
			case "issuer-subject" -> {
				type = SESSIONS_REVOKED;
				subject = issSub(entry.issuer(), entry.value());
			}
			case "key" -> {
				type = SESSION_REVOKED;
				subject = opaque("kid:" + entry.value());
			}
			case "before" -> {
				type = SESSION_REVOKED;
				subject = opaque("issued-before:" + entry.value());
			}
			default -> {
				return null;
			}
		}
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("event_timestamp", entry.atMillis() / 1000);
		if (entry.reason() != null) {
			putIfPresent(event, "initiating_entity", entry.reason().initiatingEntity());
			if (entry.reason().admin() != null) {
				event.put("reason_admin", Map.of("en", entry.reason().admin()));
			}
			if (entry.reason().user() != null) {
				event.put("reason_user", Map.of("en", entry.reason().user()));
			}
		}
		return new Event(type, subject, event, origin(entry));
	}

	/**
	 * The OpenID provider a revocation came from, if it came from one: it never goes back
	 * to that provider's streams.
	 */
	@Nullable
	static String origin(TrailEntry entry) {
		return RevocationCause.isProviderChannel(entry.action()) ? entry.actor() : null;
	}

	/** A user (or client) of this service. */
	private Map<String, Object> user(String name) {
		if (this.emailSubjects && EMAIL.matcher(name).matches()) {
			Map<String, Object> email = new LinkedHashMap<>();
			email.put("format", "email");
			email.put("email", name);
			return email;
		}
		return issSub(this.issuer, name);
	}

	private static Map<String, Object> issSub(@Nullable String issuer, String sub) {
		Map<String, Object> subject = new LinkedHashMap<>();
		subject.put("format", "iss_sub");
		subject.put("iss", issuer);
		subject.put("sub", sub);
		return subject;
	}

	/** The inverse of the escaping of {@code IssuerNamespace#subject}. */
	private static String unescape(String sub) {
		return sub.replace("%7B", "{").replace("%7D", "}").replace("%25", "%");
	}

	static Map<String, Object> opaque(String id) {
		Map<String, Object> subject = new LinkedHashMap<>();
		subject.put("format", "opaque");
		subject.put("id", id);
		return subject;
	}

	private static Map<String, Object> complex(@Nullable Map<String, Object> user, Map<String, Object> session) {
		Map<String, Object> subject = new LinkedHashMap<>();
		subject.put("format", "complex");
		if (user != null) {
			subject.put("user", user);
		}
		subject.put("session", session);
		return subject;
	}

	private static void putIfPresent(Map<String, Object> map, String name, @Nullable String value) {
		if (value != null) {
			map.put(name, value);
		}
	}

	/**
	 * One event, before it is addressed and signed.
	 *
	 * @param type its type URI
	 * @param subject its {@code sub_id}
	 * @param body the event's members
	 * @param origin the provider it came from, {@code null} if this service's own
	 */
	record Event(String type, Map<String, Object> subject, Map<String, Object> body, @Nullable String origin) {
	}

}
