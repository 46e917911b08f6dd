package dev.jwtrevocation.revocation;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import dev.jwtrevocation.revocation.RevocationMetrics.Kind;

/**
 * One INFO line per revocation written, on the logger {@code dev.jwtrevocation.audit} so
 * that an operator can route or keep it apart: what was refused (a token's {@code jti}, a
 * session, every token of a user until a cutoff), whose, and which instance wrote it.
 * Never a token or a refresh token: a {@code jti} and a session id are identifiers that
 * authenticate nothing.
 * <p>
 * The fields are in the message for plain-text logs and also attached as key-value pairs,
 * which Spring Boot's structured JSON formats ({@code logging.structured.format}) write
 * as fields of their own.
 */
final class RevocationAudit {

	private static final Logger logger = LoggerFactory.getLogger("dev.jwtrevocation.audit");

	private final String instance;

	/** What a user's keys start with, before the user. */
	private final String userStart;

	RevocationAudit(String instance, RevocationKeys keys) {
		this.instance = instance;
		this.userStart = keys.userStart();
	}

	/** A token or session key just written. */
	void written(String key, Kind kind) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		String separator = (kind == Kind.SESSION) ? RevocationKeys.SESSION_INFIX : RevocationKeys.TOKEN_INFIX;
		int infix = key.lastIndexOf(separator);
		if (!key.startsWith(this.userStart) || infix < 0) {
			return;
		}
		log(kind, key.substring(this.userStart.length(), infix), (kind == Kind.SESSION) ? "session" : "jti",
				key.substring(infix + separator.length()));
	}

	/** A logout-everywhere cutoff just written, by this service or for a provider. */
	void cutoff(String username, long cutoffMillis, RevocationSource source) {
		if (logger.isInfoEnabled()) {
			log(Kind.USER, RevocationKeys.lowerCase(username), "cutoff", String.valueOf(cutoffMillis), source);
		}
	}

	/** A provider's session just revoked. */
	void session(String subject, String sessionId, RevocationSource source) {
		if (logger.isInfoEnabled()) {
			log(Kind.SESSION, RevocationKeys.lowerCase(subject), "session", sessionId, source);
		}
	}

	/** A compromised signing key just revoked: an operator's act, always logged. */
	void signingKey(String kid) {
		logger.atWarn()
			.setMessage(() -> "Revoked signing key: kid=" + kid + ", every token it signed is refused; instance="
					+ this.instance)
			.addKeyValue("revocation.kind", "signing_key")
			.addKeyValue("revocation.kid", kid)
			.addKeyValue("revocation.instance", this.instance)
			.log();
	}

	private void log(Kind kind, String user, String idName, String id) {
		log(kind, user, idName, id, null);
	}

	/**
	 * One line; a provider's identifiers and reason are its text, so they are escaped (no
	 * line breaks or control characters reach the log).
	 */
	private void log(Kind kind, String user, String idName, String id, RevocationSource source) {
		String kindName = kind.name().toLowerCase(Locale.ROOT);
		String safeUser = escape(user);
		String safeId = escape(id);
		LoggingEventBuilder line = logger.atInfo()
			.addKeyValue("revocation.kind", kindName)
			.addKeyValue("revocation.user", safeUser)
			.addKeyValue("revocation." + idName, safeId)
			.addKeyValue("revocation.instance", this.instance);
		if (source == null) {
			line.setMessage(() -> "Revoked " + kindName + ": user=" + safeUser + " " + idName + "=" + safeId
					+ " instance=" + this.instance)
				.log();
			return;
		}
		String provider = escape(source.provider());
		String reason = (source.reason() != null) ? escape(source.reason()) : null;
		line.addKeyValue("revocation.provider", provider).addKeyValue("revocation.channel", source.channel());
		if (reason != null) {
			line.addKeyValue("revocation.reason", reason);
		}
		line.setMessage(() -> "Revoked " + kindName + ": user=" + safeUser + " " + idName + "=" + safeId + " provider="
				+ provider + " channel=" + source.channel() + ((reason != null) ? " reason=\"" + reason + "\"" : "")
				+ " instance=" + this.instance)
			.log();
	}

	/**
	 * Text as a log line may carry it: control characters, quotes and backslashes
	 * escaped, at most 256 characters.
	 */
	static String escape(String text) {
		boolean plain = text.length() <= 256;
		for (int i = 0; plain && i < text.length(); i++) {
			char c = text.charAt(i);
			plain = c >= 0x20 && c != 0x7f && c != '"' && c != '\\';
		}
		if (plain) {
			return text;
		}
		StringBuilder escaped = new StringBuilder();
		for (int i = 0; i < Math.min(text.length(), 256); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else if (c == '"' || c == '\\') {
				escaped.append('\\').append(c);
			}
			else {
				escaped.append(c);
			}
		}
		return (text.length() > 256) ? escaped.append("...").toString() : escaped.toString();
	}

}
