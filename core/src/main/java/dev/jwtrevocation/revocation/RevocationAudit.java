package dev.jwtrevocation.revocation;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	RevocationAudit(String instance) {
		this.instance = instance;
	}

	/** A token or session key just written. */
	void written(String key, Kind kind) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		String separator = (kind == Kind.SESSION) ? RevocationKeys.SESSION_INFIX : RevocationKeys.TOKEN_INFIX;
		int infix = key.lastIndexOf(separator);
		if (!key.startsWith(RevocationKeys.USER_START) || infix < 0) {
			return;
		}
		log(kind, key.substring(RevocationKeys.USER_START.length(), infix), (kind == Kind.SESSION) ? "session" : "jti",
				key.substring(infix + separator.length()));
	}

	/** A logout-everywhere cutoff just written. */
	void cutoff(String username, long cutoffMillis) {
		if (logger.isInfoEnabled()) {
			log(Kind.USER, RevocationKeys.lowerCase(username), "cutoff", String.valueOf(cutoffMillis));
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
		String kindName = kind.name().toLowerCase(Locale.ROOT);
		logger.atInfo()
			.setMessage(() -> "Revoked " + kindName + ": user=" + user + " " + idName + "=" + id + " instance="
					+ this.instance)
			.addKeyValue("revocation.kind", kindName)
			.addKeyValue("revocation.user", user)
			.addKeyValue("revocation." + idName, id)
			.addKeyValue("revocation.instance", this.instance)
			.log();
	}

}
