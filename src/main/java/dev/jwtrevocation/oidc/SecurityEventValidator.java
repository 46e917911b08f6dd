package dev.jwtrevocation.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.nimbusds.jwt.JWTClaimsSet;

import org.springframework.util.Assert;

/**
 * Checks a Security Event Token (RFC 8417) as Shared Signals Framework 1.0 profiles it:
 * signed by its provider ({@link ProviderSignatures}, {@code typ} absent or
 * {@code secevent+jwt}), {@code aud} containing the configured audience or the one the
 * transmitter gave the stream, {@code iat} within the provider's
 * {@code ssf.max-event-age} and not in the future, a {@code jti}, and exactly one event.
 * The subject comes from the SET's {@code sub_id} or, as CAEP's earlier drafts put it,
 * the event's {@code subject}, in the formats of RFC 9493: {@code iss_sub} (whose
 * {@code iss} must be the provider), {@code email}, {@code opaque}, or complex
 * ({@code user} and {@code session}).
 */
final class SecurityEventValidator {

	private static final Set<String> TYPES = Set.of("secevent+jwt", "application/secevent+jwt");

	private static final int MAX_ID_LENGTH = 256;

	private final Clock clock;

	private final Duration skew;

	SecurityEventValidator(Clock clock, Duration skew) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
		this.skew = skew;
	}

	/**
	 * @throws InvalidSecurityEventException if a check fails
	 */
	SecurityEvent validate(String compact, Function<String, ProviderKeys> providers) {
		ProviderSignatures.Verified verified = ProviderSignatures.verify(compact, providers, "SET", TYPES,
				(failure, description) -> switch (failure) {
					case ISSUER -> new InvalidSecurityEventException("invalid_issuer", description);
					case KEY -> new InvalidSecurityEventException("invalid_key", description);
					case REQUEST -> invalid(description);
				});
		JWTClaimsSet claims = verified.claims();
		OpenIdProviderProperties.Provider provider = verified.provider();
		List<String> audience = claims.getAudience();
		if (audience == null || (!audience.contains(provider.ssfAudience())
				&& Collections.disjoint(audience, verified.keys().streamAudiences()))) {
			throw new InvalidSecurityEventException("invalid_audience", "The SET's aud does not name this receiver");
		}
		Instant now = this.clock.instant();
		Date issuedAt = claims.getIssueTime();
		if (issuedAt == null || issuedAt.toInstant().isAfter(now.plus(this.skew))
				|| issuedAt.toInstant().isBefore(now.minus(provider.ssf().maxEventAge()).minus(this.skew))) {
			throw invalid("The SET's iat is missing or out of range");
		}
		String id = claims.getJWTID();
		if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
			throw invalid("The SET's jti is missing");
		}
		if (!(claims.getClaim("events") instanceof Map<?, ?> events) || events.size() != 1
				|| !(events.keySet().iterator().next() instanceof String type)
				|| !(events.values().iterator().next() instanceof Map<?, ?> event)) {
			throw invalid("The SET must carry exactly one event");
		}
		Object subjectClaim = (claims.getClaim("sub_id") != null) ? claims.getClaim("sub_id") : event.get("subject");
		Subject subject = (subjectClaim != null) ? subject(subjectClaim, provider.issuer()) : new Subject(null, null);
		Instant occurredAt = (event.get("event_timestamp") instanceof Number seconds)
				? Instant.ofEpochSecond(seconds.longValue()) : issuedAt.toInstant();
		return new SecurityEvent(provider, id, issuedAt.toInstant(), type, subject.user(), subject.session(),
				occurredAt, reason(event));
	}

	/** The user and session a subject identifier names. */
	private static Subject subject(Object value, String issuer) {
		if (!(value instanceof Map<?, ?> subject)) {
			throw invalid("The SET's subject is not an object");
		}
		if (subject.get("user") != null || subject.get("session") != null) {
			String user = (subject.get("user") != null) ? identifier(subject.get("user"), issuer) : null;
			String session = (subject.get("session") != null) ? identifier(subject.get("session"), issuer) : null;
			return new Subject(user, session);
		}
		return new Subject(identifier(subject, issuer), null);
	}

	/** One simple subject identifier (RFC 9493 §3.2): the text its tokens carry. */
	private static String identifier(Object value, String issuer) {
		if (!(value instanceof Map<?, ?> subject) || !(subject.get("format") instanceof String format)) {
			throw invalid("A subject identifier of the SET has no format");
		}
		String identifier = switch (format) {
			case "iss_sub" -> {
				if (!issuer.equals(subject.get("iss"))) {
					throw invalid("An iss_sub subject of the SET names another issuer");
				}
				yield text(subject.get("sub"));
			}
			case "email" -> text(subject.get("email"));
			case "opaque" -> text(subject.get("id"));
			default -> throw invalid("The SET's subject format is not one of iss_sub, email, opaque, complex");
		};
		if (identifier == null) {
			throw invalid("A subject identifier of the SET lacks its value");
		}
		return identifier;
	}

	private static String text(Object value) {
		return (value instanceof String text && !text.isEmpty() && text.length() <= MAX_ID_LENGTH) ? text : null;
	}

	/**
	 * {@code reason_admin} (its English text, or any language's) and
	 * {@code initiating_entity}.
	 */
	private static String reason(Map<?, ?> event) {
		String admin = null;
		if (event.get("reason_admin") instanceof Map<?, ?> texts && !texts.isEmpty()) {
			Object english = texts.get("en");
			admin = String.valueOf((english != null) ? english : texts.values().iterator().next());
		}
		Object entity = event.get("initiating_entity");
		if (admin == null && entity == null) {
			return null;
		}
		return ((entity != null) ? "initiating_entity=" + entity : "") + ((entity != null && admin != null) ? " " : "")
				+ ((admin != null) ? "reason_admin=" + admin : "");
	}

	private static InvalidSecurityEventException invalid(String description) {
		return InvalidSecurityEventException.invalidRequest(description);
	}

	private record Subject(String user, String session) {
	}

}
