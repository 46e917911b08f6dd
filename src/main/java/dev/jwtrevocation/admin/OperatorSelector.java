package dev.jwtrevocation.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.jwtrevocation.revocation.RevocationCause;
import dev.jwtrevocation.revocation.RevocationKeys;

/**
 * One operator's selector, validated: which tokens a {@code POST /admin/revocations}
 * revokes. Pure logic, no I/O.
 *
 * @param kind what it selects
 * @param user the user ({@link Kind#USER}, {@link Kind#SESSION})
 * @param sessionId the session ({@link Kind#SESSION}, {@link Kind#ISSUER_SESSION})
 * @param clientId the client ({@link Kind#CLIENT})
 * @param kid the signing key ({@link Kind#KEY})
 * @param issuer the provider ({@link Kind#ISSUER_SUBJECT}, {@link Kind#ISSUER_SESSION})
 * @param subject the provider's subject ({@link Kind#ISSUER_SUBJECT})
 * @param issuedBefore the instant ({@link Kind#BEFORE})
 */
record OperatorSelector(Kind kind, String user, String sessionId, String clientId, String kid, String issuer,
		String subject, Instant issuedBefore) {

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final Pattern KID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

	private static final Pattern CLIENT_ID = Pattern.compile(RevocationKeys.CLIENT_ID_PATTERN);

	/** How far ahead of this instance's clock an {@code issued_before} may be. */
	static final Duration MAX_AHEAD = Duration.ofSeconds(5);

	/**
	 * @param now this instance's clock: an {@code issued_before} later than a few seconds
	 * ahead would refuse tokens not issued yet, a lockout rather than a revocation
	 * @throws InvalidRevocationRequestException if it selects nothing, several things, or
	 * something malformed
	 */
	static OperatorSelector parse(RevocationRequest.SelectorBody body, Instant now) {
		if (body == null) {
			throw InvalidRevocationRequestException.selector("A selector is required");
		}
		unknownFields("selector", body.unknown());
		List<String> given = new ArrayList<>();
		addIfSet(given, "user", body.user());
		addIfSet(given, "session_id", body.sessionId());
		addIfSet(given, "client_id", body.clientId());
		addIfSet(given, "kid", body.kid());
		addIfSet(given, "issuer", body.issuer());
		addIfSet(given, "subject", body.subject());
		addIfSet(given, "issued_before", body.issuedBefore());
		Kind kind = Kind.of(given);
		switch (kind) {
			case USER, SESSION -> check(USERNAME, body.user(), "user");
			default -> {
			}
		}
		if (kind == Kind.SESSION) {
			check(SESSION_ID, body.sessionId(), "session_id");
		}
		if (kind == Kind.CLIENT) {
			check(CLIENT_ID, body.clientId(), "client_id");
		}
		if (kind == Kind.KEY) {
			check(KID, body.kid(), "kid");
		}
		if (kind == Kind.ISSUER_SUBJECT || kind == Kind.ISSUER_SESSION) {
			printable(body.issuer(), "issuer", 512);
			printable((kind == Kind.ISSUER_SUBJECT) ? body.subject() : body.sessionId(),
					(kind == Kind.ISSUER_SUBJECT) ? "subject" : "session_id", 255);
		}
		if (kind == Kind.BEFORE && body.issuedBefore().isAfter(now.plus(MAX_AHEAD))) {
			throw InvalidRevocationRequestException
				.invalid("issued_before is in the future: it would refuse tokens not issued yet");
		}
		return new OperatorSelector(kind, body.user(), body.sessionId(), body.clientId(), body.kid(), body.issuer(),
				body.subject(), body.issuedBefore());
	}

	/** The selector as the audit trail shows it. */
	RevocationCause.Selector describe() {
		return switch (this.kind) {
			case USER -> new RevocationCause.Selector("user", this.user, lowerCase(this.user), null);
			case SESSION -> new RevocationCause.Selector("session", this.sessionId, lowerCase(this.user), null);
			case CLIENT -> new RevocationCause.Selector("client", this.clientId, null, null);
			case KEY -> new RevocationCause.Selector("key", this.kid, null, null);
			case ISSUER_SUBJECT -> new RevocationCause.Selector("issuer-subject", this.subject, null, this.issuer);
			case ISSUER_SESSION -> new RevocationCause.Selector("issuer-session", this.sessionId, null, this.issuer);
			case BEFORE -> new RevocationCause.Selector("before", this.issuedBefore.toString(), null, null);
		};
	}

	static void unknownFields(String where, java.util.Map<String, Object> unknown) {
		if (unknown != null && !unknown.isEmpty()) {
			throw InvalidRevocationRequestException.invalid("Unknown field in " + where + ": "
					+ String.join(", ",
							unknown.keySet()
								.stream()
								.map((name) -> name.replaceAll("[^A-Za-z0-9_.-]", "?"))
								.limit(5)
								.toList()));
		}
	}

	private static String lowerCase(String user) {
		return user.toLowerCase(Locale.ROOT);
	}

	private static void addIfSet(List<String> given, String name, Object value) {
		if (value != null) {
			given.add(name);
		}
	}

	private static void check(Pattern pattern, String value, String name) {
		if (!pattern.matcher(value).matches()) {
			throw InvalidRevocationRequestException.invalid(name + " must match " + pattern.pattern());
		}
	}

	private static void printable(String value, String name, int max) {
		boolean valid = !value.isEmpty() && value.length() <= max;
		for (int i = 0; valid && i < value.length(); i++) {
			valid = value.charAt(i) >= 0x20 && value.charAt(i) != 0x7f;
		}
		if (!valid) {
			throw InvalidRevocationRequestException
				.invalid(name + " must be 1 to " + max + " characters, none of them a control character");
		}
	}

	/** What a selector selects. */
	enum Kind {

		/** Every token of a user of this service. */
		USER("user"),

		/** Every token of one session of a user. */
		SESSION("user", "session_id"),

		/** Every token issued to a client until now. */
		CLIENT("client_id"),

		/** Every token a signing key signed. */
		KEY("kid"),

		/** Every token of a provider's subject issued until now. */
		ISSUER_SUBJECT("issuer", "subject"),

		/** Every token of one of a provider's sessions. */
		ISSUER_SESSION("issuer", "session_id"),

		/** Every token issued at or before an instant. */
		BEFORE("issued_before");

		private final List<String> fields;

		Kind(String... fields) {
			this.fields = List.of(fields);
		}

		static Kind of(List<String> given) {
			for (Kind kind : values()) {
				if (kind.fields.size() == given.size() && kind.fields.containsAll(given)) {
					return kind;
				}
			}
			throw InvalidRevocationRequestException.selector("A selector is one of: {user}, {user, session_id}, "
					+ "{client_id}, {kid}, {issuer, subject}, {issuer, session_id}, {issued_before}; given: "
					+ (given.isEmpty() ? "nothing" : String.join(", ", given)));
		}

	}

}
