package dev.jwtrevocation.revocation;

import org.springframework.lang.Nullable;
import org.springframework.util.Assert;

/**
 * Who asked for a revocation, through which action and why: what the audit line and the
 * audit trail ({@link RevocationTrail}) say of it besides what was refused.
 *
 * @param action how it came: one of the constants of this type, or an OpenID provider's
 * channel ({@code backchannel-logout}, {@code ssf-push}, {@code ssf-poll})
 * @param actor who: a username, a client id, a provider's issuer or {@code system}
 * @param reason why, if anyone said
 * @param selector what was asked for, when the caller says it better than the keys
 * written do (an operator's selector); {@code null} to describe the keys
 * @param affected how many live sessions it ended, as the caller counted them; negative
 * when nobody counted
 * @param provider whether an OpenID provider asked, its issuer being the actor and its
 * channel the action
 */
public record RevocationCause(String action, String actor, @Nullable RevocationReason reason,
		@Nullable Selector selector, long affected, boolean provider) {

	public static final String LOGOUT = "logout";

	public static final String LOGOUT_ALL = "logout-all";

	public static final String SESSION_END = "session-end";

	/** RFC 7009: a client revoked a token. */
	public static final String TOKEN_REVOCATION = "token-revocation";

	public static final String REFRESH_REUSE = "refresh-reuse";

	/** The oldest session ended to make room for a login at the cap. */
	public static final String SESSION_CAP = "session-cap";

	/** A signing key listed in {@code jwt.compromised-keys}. */
	public static final String COMPROMISED_KEY = "compromised-key";

	public static final String OPERATOR = "operator";

	/** An operator's revocation lifted. */
	public static final String LIFT = "lift";

	/** An OpenID provider's back-channel logout token. */
	public static final String BACKCHANNEL_LOGOUT = "backchannel-logout";

	/** A Security Event Token a provider's transmitter pushed (RFC 8935). */
	public static final String SSF_PUSH = "ssf-push";

	/** A Security Event Token polled from a provider's transmitter (RFC 8936). */
	public static final String SSF_POLL = "ssf-poll";

	/** Who acts when nobody asked: the service itself. */
	public static final String SYSTEM = "system";

	public RevocationCause {
		Assert.hasText(action, "action cannot be empty");
		Assert.hasText(actor, "actor cannot be empty");
	}

	/**
	 * Whether an action is one of an OpenID provider's channels, so that a revocation
	 * recorded with it came from that provider (its actor).
	 */
	public static boolean isProviderChannel(String action) {
		return BACKCHANNEL_LOGOUT.equals(action) || SSF_PUSH.equals(action) || SSF_POLL.equals(action);
	}

	/** A cause of this service's own: a user, a client, an operator or the service. */
	public RevocationCause(String action, String actor, @Nullable RevocationReason reason, @Nullable Selector selector,
			long affected) {
		this(action, actor, reason, selector, affected, false);
	}

	/**
	 * A revocation that the keys written describe, nobody having counted what it ended.
	 */
	public static RevocationCause of(String action, String actor) {
		return new RevocationCause(action, actor, null, null, -1);
	}

	/** A provider's signal, through one of its channels. */
	public static RevocationCause ofProvider(String issuer, String channel, @Nullable String reason) {
		return new RevocationCause(channel, issuer, RevocationReason.ofProvider(reason), null, -1, true);
	}

	/**
	 * What was asked for, as the trail shows it.
	 *
	 * @param kind {@code token}, {@code session}, {@code user}, {@code client},
	 * {@code key}, {@code issuer-subject}, {@code issuer-session} or {@code before}
	 * @param value its jti, session id, username, client id, kid, subject, session id or
	 * instant
	 * @param user whose, when it is one user's (filtered by), else {@code null}
	 * @param issuer the provider's, for its subjects and sessions, else {@code null}
	 */
	public record Selector(String kind, String value, @Nullable String user, @Nullable String issuer) {

		public Selector {
			Assert.hasText(kind, "kind cannot be empty");
			Assert.notNull(value, "value cannot be null");
		}

	}

}
