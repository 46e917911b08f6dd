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
	void written(String key, Kind kind, RevocationCause cause) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		String separator = (kind == Kind.SESSION) ? RevocationKeys.SESSION_INFIX : RevocationKeys.TOKEN_INFIX;
		int infix = key.lastIndexOf(separator);
		if (!key.startsWith(this.userStart) || infix < 0) {
			return;
		}
		log(kind, key.substring(this.userStart.length(), infix), (kind == Kind.SESSION) ? "session" : "jti",
				key.substring(infix + separator.length()), cause);
	}

	/**
	 * A cutoff just written: a user's, a provider's subject's, a client's or everyone's.
	 */
	void cutoff(RevocationCause.Selector selector, long cutoffMillis, RevocationCause cause) {
		if (logger.isInfoEnabled()) {
			String who = (selector.user() != null) ? selector.user() : selector.kind() + ":" + selector.value();
			log(Kind.USER, who, "cutoff", String.valueOf(cutoffMillis), cause);
		}
	}

	/** A session or signing key's entry just written outside a session script. */
	void key(Kind kind, RevocationCause.Selector selector, RevocationCause cause) {
		if (kind == Kind.SIGNING_KEY) {
			logger.atWarn()
				.setMessage(() -> "Revoked signing key: kid=" + escape(selector.value())
						+ ", every token it signed is refused; instance=" + this.instance + " action=" + cause.action())
				.addKeyValue("revocation.kind", "signing_key")
				.addKeyValue("revocation.kid", escape(selector.value()))
				.addKeyValue("revocation.instance", this.instance)
				.addKeyValue("revocation.action", cause.action())
				.log();
		}
		else if (logger.isInfoEnabled()) {
			log(kind, selector.user(), "session", selector.value(), cause);
		}
	}

	/** An operator's revocation just lifted: always logged. */
	void lifted(String entry, RevocationCause.Selector selector, RevocationCause cause) {
		String actor = escape(cause.actor());
		String value = escape(selector.value());
		logger.atWarn()
			.setMessage(() -> "Lifted revocation " + entry + ": " + selector.kind() + "=" + value + " actor=" + actor
					+ " instance=" + this.instance)
			.addKeyValue("revocation.kind", selector.kind())
			.addKeyValue("revocation.lifted", entry)
			.addKeyValue("revocation.actor", actor)
			.addKeyValue("revocation.instance", this.instance)
			.log();
	}

	/**
	 * One line; a provider's or an operator's identifiers and reason are their text, so
	 * they are escaped (no line breaks or control characters reach the log).
	 */
	private void log(Kind kind, String user, String idName, String id, RevocationCause cause) {
		String kindName = kind.name().toLowerCase(Locale.ROOT);
		String safeUser = escape(user);
		String safeId = escape(id);
		String actor = escape(cause.actor());
		LoggingEventBuilder line = logger.atInfo()
			.addKeyValue("revocation.kind", kindName)
			.addKeyValue("revocation.user", safeUser)
			.addKeyValue("revocation." + idName, safeId)
			.addKeyValue("revocation.instance", this.instance)
			.addKeyValue("revocation.action", cause.action());
		RevocationReason reason = cause.reason();
		String code = (reason != null && reason.code() != null) ? escape(reason.code()) : null;
		String text = (reason != null && reason.admin() != null) ? escape(reason.admin()) : null;
		if (cause.provider()) {
			line.addKeyValue("revocation.provider", actor).addKeyValue("revocation.channel", cause.action());
		}
		else {
			line.addKeyValue("revocation.actor", actor);
		}
		if (code != null) {
			line.addKeyValue("revocation.reason_code", code);
		}
		if (text != null) {
			line.addKeyValue("revocation.reason", text);
		}
		String who = cause.provider() ? " provider=" + actor + " channel=" + cause.action()
				: " action=" + cause.action() + " actor=" + actor;
		line.setMessage(() -> "Revoked " + kindName + ": user=" + safeUser + " " + idName + "=" + safeId
				+ (cause.provider() ? who : "") + ((code != null) ? " reason_code=" + code : "")
				+ ((text != null) ? " reason=\"" + text + "\"" : "") + " instance=" + this.instance
				+ (cause.provider() ? "" : who))
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
