package dev.jwtrevocation.session;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.jwtrevocation.revocation.Receipt;
import dev.jwtrevocation.revocation.RevocationCause;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.revocation.TokenLifetimes;
import dev.jwtrevocation.system.ThrottledRequests;
import dev.jwtrevocation.system.WorkBudget;
import dev.jwtrevocation.token.AccessToken;
import dev.jwtrevocation.token.AccessTokenIssuer;
import dev.jwtrevocation.user.User;
import dev.jwtrevocation.user.UserStore;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.util.Assert;

/**
 * Login sessions: each login starts one, refresh tokens rotate within it, and it can be
 * ended one at a time or all at once.
 * <p>
 * Refresh tokens are single use. Presenting one that was already rotated out means two
 * parties hold the same token, one of them an attacker: the whole session is ended, its
 * current refresh token and every access token issued under it (the reuse detection of
 * OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
 */
@Service
public class SessionService {

	private static final Log logger = LogFactory.getLog(SessionService.class);

	private final SessionStore sessions;

	private final RevocationStore revocations;

	private final AccessTokenIssuer issuer;

	private final UserStore users;

	private final TokenLifetimes lifetimes;

	private final RefreshTokenChain chain;

	/** Pays for hashing an earlier token forward along its chain. */
	private final WorkBudget earlierTokens;

	private final Counter reuseDetected;

	private final Counter refreshesThrottled;

	SessionService(SessionStore sessions, RevocationStore revocations, AccessTokenIssuer issuer, UserStore users,
			TokenLifetimes lifetimes, RefreshTokenChain chain, RefreshProperties refresh, MeterRegistry meters) {
		Assert.notNull(sessions, "sessions cannot be null");
		Assert.notNull(revocations, "revocations cannot be null");
		Assert.notNull(issuer, "issuer cannot be null");
		Assert.notNull(users, "users cannot be null");
		Assert.notNull(lifetimes, "lifetimes cannot be null");
		Assert.notNull(chain, "chain cannot be null");
		Assert.notNull(refresh, "refresh cannot be null");
		this.chain = chain;
		this.earlierTokens = new WorkBudget(refresh.earlierTokensPerAddressPerSecond(), refresh.earlierTokensTotal());
		this.reuseDetected = Counter.builder("jwt.revocation.refresh.reuse")
			.description("Earlier refresh tokens presented again: each ended its session")
			.register(meters);
		this.refreshesThrottled = ThrottledRequests.counter(meters, "refresh");
		this.sessions = sessions;
		this.revocations = revocations;
		this.issuer = issuer;
		this.users = users;
		this.lifetimes = lifetimes;
	}

	/** Starts a session for a user whose credentials were just verified. */
	public IssuedTokens start(User user, String userAgent, String ip) {
		RefreshToken refreshToken = RefreshToken.first(user.username(), RefreshToken.newSessionId());
		long issuedAtMillis = this.sessions.create(refreshToken, userAgent, ip);
		return new IssuedTokens(
				this.issuer.issue(user.username(), user.roles(), refreshToken.sessionId(), issuedAtMillis),
				refreshToken.value(), this.lifetimes.refreshTokenTtl());
	}

	/**
	 * Exchanges a refresh token for a new pair; the presented one is dead from then on.
	 * <p>
	 * An earlier token of the session (recognised by hashing it forward) means that two
	 * parties hold the session, one of them perhaps a thief: the whole session ends.
	 * Except for the token just rotated out, within the reuse grace or right after a
	 * rotation whose caller got a 503: that one is answered again with the session's
	 * current refresh token, so that two tabs or a retry do not log the user out.
	 * <p>
	 * Hashing forward costs up to {@link RefreshTokenChain#MAX_STEPS} HMACs, and anybody
	 * can forge an earlier token of a session whose id they know: so an earlier token
	 * more than {@link RefreshTokenChain#FREE_STEPS} generations back counts against the
	 * session's refreshes a minute (in Redis, before any hashing), and against a budget
	 * of its sender's address.
	 * @param clientAddress who presents it ({@code ServletRequest#getRemoteAddr()})
	 * @throws InvalidRefreshTokenException if it is unknown, expired, ended or replayed
	 */
	public IssuedTokens refresh(String presented, String clientAddress) {
		RefreshToken token = RefreshToken.parse(presented)
			.orElseThrow(() -> new InvalidRefreshTokenException("The refresh token is invalid or expired"));
		RefreshToken next = this.chain.next(token);
		SessionStore.Rotation rotation;
		try {
			rotation = this.sessions.rotate(token, next);
		}
		catch (DataAccessException ex) {
			this.sessions.rememberLostRotation(token);
			throw ex;
		}
		switch (rotation.outcome()) {
			case ROTATED -> {
				return issue(rotation.username(), token.sessionId(), rotation.issuedAtMillis(), next);
			}
			case EARLIER -> {
				if (rotation.generation() - token.generation() > RefreshTokenChain.FREE_STEPS) {
					WorkBudget.Admission admission = this.earlierTokens.spend(clientAddress);
					if (!admission.granted()) {
						this.refreshesThrottled.increment();
						throw new TooManyRefreshesException(TimeUnit.NANOSECONDS.toMillis(admission.waitNanos()));
					}
				}
				RefreshToken current = this.chain.forward(token, rotation.generation())
					.filter((candidate) -> candidate.hash().equals(rotation.currentHash()))
					.orElseThrow(() -> new InvalidRefreshTokenException("The refresh token is invalid or expired"));
				if (rotation.answerAgain() && token.generation() == rotation.generation() - 1) {
					return issue(rotation.username(), token.sessionId(), rotation.issuedAtMillis(), current);
				}
				this.sessions.end(token.username(), token.sessionId(),
						RevocationCause.of(RevocationCause.REFRESH_REUSE, RevocationCause.SYSTEM));
				this.reuseDetected.increment();
				logger.warn("An earlier refresh token was presented again; ended session " + token.sessionId()
						+ " of user " + token.username());
				throw new InvalidRefreshTokenException(
						"The refresh token was already used; its session has been ended");
			}
			case TOO_FREQUENT -> {
				this.refreshesThrottled.increment();
				throw new TooManyRefreshesException(rotation.retryAfterMillis());
			}
			default -> throw new InvalidRefreshTokenException("The refresh token is invalid or expired");
		}
	}

	private IssuedTokens issue(String username, String sessionId, long issuedAtMillis, RefreshToken refreshToken) {
		User user = this.users.find(username).orElse(null);
		if (user == null) {
			// the user was deleted
			this.sessions.end(username, sessionId,
					RevocationCause.of(RevocationCause.SESSION_END, RevocationCause.SYSTEM));
			throw new InvalidRefreshTokenException("The refresh token is invalid or expired");
		}
		return new IssuedTokens(this.issuer.issue(user.username(), user.roles(), sessionId, issuedAtMillis),
				refreshToken.value(), this.lifetimes.refreshTokenTtl());
	}

	/**
	 * Logout: the presented access token, its session's refresh token and its other
	 * access tokens die.
	 */
	public void logout(AccessToken token) {
		this.sessions.logout(token);
	}

	/**
	 * Logout everywhere: every access and refresh token of the user issued until now is
	 * refused. The cutoff comes first: once it is written, nothing issued before it
	 * works, and deleting the sessions afterwards is only tidying up.
	 */
	public void logoutAll(String username) {
		this.revocations.revokeAllIssuedUntilNow(username, RevocationCause.of(RevocationCause.LOGOUT_ALL, username));
		this.sessions.deleteAll(username);
	}

	/**
	 * RFC 7009: ends the session of a current refresh token, which revokes its access
	 * tokens too.
	 * @param client the client that asked
	 * @return whether {@code presented} was a current refresh token
	 */
	public boolean revokeRefreshToken(String presented, String client) {
		Optional<RefreshToken> token = RefreshToken.parse(presented);
		if (token.isEmpty() || this.sessions.currentFor(token.get()).isEmpty()) {
			return false;
		}
		this.sessions.end(token.get().username(), token.get().sessionId(),
				RevocationCause.of(RevocationCause.TOKEN_REVOCATION, client));
		return true;
	}

	/**
	 * RFC 7662: what a refresh token is, if it is the current one of a live session.
	 */
	public Optional<ActiveRefreshToken> introspectRefreshToken(String presented) {
		Optional<RefreshToken> token = RefreshToken.parse(presented);
		if (token.isEmpty()) {
			return Optional.empty();
		}
		return this.sessions.currentFor(token.get())
			.map((remaining) -> new ActiveRefreshToken(token.get().username(), token.get().sessionId(), remaining));
	}

	public List<Session> list(String username) {
		return this.sessions.list(username);
	}

	/**
	 * @return {@code false} if the user has no such live session
	 */
	public boolean end(String username, String sessionId) {
		return this.sessions.end(username, sessionId, RevocationCause.of(RevocationCause.SESSION_END, username))
			.value();
	}

	/**
	 * Ends a session for an operator, or any cause other than its user.
	 * @return whether the user had such a live session, and the trail's entry
	 */
	public Receipt<Boolean> end(String username, String sessionId, RevocationCause cause) {
		return this.sessions.end(username, sessionId, cause);
	}

	/**
	 * A refresh token that is the current one of a live session.
	 *
	 * @param username its user
	 * @param sessionId its session
	 * @param remaining how long the session lives on without a refresh
	 */
	public record ActiveRefreshToken(String username, String sessionId, Duration remaining) {
	}

}
