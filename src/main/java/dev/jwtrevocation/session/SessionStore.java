package dev.jwtrevocation.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.jwtrevocation.revocation.LuaScript;
import dev.jwtrevocation.revocation.Receipt;
import dev.jwtrevocation.revocation.Revocation;
import dev.jwtrevocation.revocation.RevocationCause;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.revocation.RevokingScript;
import dev.jwtrevocation.revocation.TokenLifetimes;
import dev.jwtrevocation.redis.RedisKeys;
import dev.jwtrevocation.token.AccessToken;
import dev.jwtrevocation.token.JwtProperties;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Login sessions and their refresh tokens in Redis.
 * <p>
 * A session is one hash ({@link RedisKeys#session}) holding the SHA-256 of its current
 * refresh token, never the token, and that token's generation; earlier tokens are
 * recognised by hashing them forward ({@link RefreshTokenChain}), so a session's size
 * does not grow with its refreshes. Every state change is a Lua script: two requests
 * racing with the same refresh token are serialized by Redis, and exactly one of them
 * sees its token as current. Timestamps come from Redis's {@code TIME}, the same clock as
 * the logout-all cutoff, and a new session is always stamped after the cutoff, so a login
 * right after "log out everywhere" works even within the same millisecond. The hash also
 * keeps when its latest access token was issued ({@code last_used_ms}) and the one before
 * ({@code prev_used_ms}): ending a session revokes its tokens through the revocation
 * core, in the same script, for exactly as long as one of them can still be accepted.
 */
@Component
class SessionStore {

	private static final String SCRIPTS = "dev/jwtrevocation/session/";

	/**
	 * {@code session-create.lua}: a new session; at the cap, the oldest one ends first.
	 */
	private static final RevokingScript<Long> CREATE = RevokingScript.load(SCRIPTS + "session-create.lua");

	/**
	 * {@code session-rotate.lua}: the refresh token's rotation, its limits and its reuse.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ROTATE = LuaScript.load(SCRIPTS + "session-rotate.lua", List.class);

	/** {@code session-end.lua}: the session's keys go and its tokens are revoked. */
	private static final RevokingScript<Long> END = RevokingScript.load(SCRIPTS + "session-end.lua");

	/**
	 * {@code session-logout.lua}: the presented token, and the session if it may hold
	 * another.
	 */
	private static final RevokingScript<Long> LOGOUT = RevokingScript.load(SCRIPTS + "session-logout.lua");

	private final StringRedisTemplate redis;

	private final RedisKeys redisKeys;

	private final RevocationStore revocations;

	private final Duration refreshTokenTtl;

	private final RefreshProperties refresh;

	/** The client every session belongs to ({@code jwt.client-id}). */
	private final String firstPartyClient;

	SessionStore(StringRedisTemplate redis, RedisKeys redisKeys, TokenLifetimes lifetimes, RevocationStore revocations,
			RefreshProperties refresh, JwtProperties jwt) {
		Assert.notNull(redisKeys, "redisKeys cannot be null");
		this.redisKeys = redisKeys;
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(lifetimes, "lifetimes cannot be null");
		Assert.notNull(revocations, "revocations cannot be null");
		Assert.notNull(refresh, "refresh cannot be null");
		this.redis = redis;
		this.revocations = revocations;
		this.refreshTokenTtl = lifetimes.refreshTokenTtl();
		this.refresh = refresh;
		this.firstPartyClient = jwt.clientId();
	}

	/**
	 * Stores a new session whose current refresh token is {@code refreshToken}.
	 * @return the session's creation time, in milliseconds on Redis's clock
	 */
	long create(RefreshToken refreshToken, String userAgent, String ip) {
		String username = refreshToken.username();
		String sessionId = refreshToken.sessionId();
		// it revokes only at the cap, the oldest session: the service's doing, not the
		// user's
		Long createdAt = this.revocations.revoke(CREATE, Revocation.ofSession(username, sessionId),
				List.of(this.redisKeys.session(username, sessionId), this.redisKeys.sessionIndex(username),
						this.redisKeys.cutoff(username)),
				List.of(username, sessionId, refreshToken.hash(), millis(this.refreshTokenTtl), userAgent, ip,
						String.valueOf(this.refresh.maxSessionsPerUser()), this.redisKeys.session(username, "")),
				RevocationCause.of(RevocationCause.SESSION_CAP, RevocationCause.SYSTEM))
			.value();
		Assert.state(createdAt != null, "the session script answered nothing");
		return createdAt;
	}

	/**
	 * Replaces {@code presented} with {@code next} if {@code presented} is the session's
	 * current refresh token; otherwise says what the session holds.
	 */
	Rotation rotate(RefreshToken presented, RefreshToken next) {
		String username = presented.username();
		String sessionId = presented.sessionId();
		List<String> keys = List.of(this.redisKeys.session(username, sessionId), this.redisKeys.sessionIndex(username),
				this.redisKeys.cutoff(username), this.redisKeys.lostRotation(username, sessionId));
		List<?> result = this.redis.execute(ROTATE, keys, sessionId, String.valueOf(presented.generation()),
				presented.hash(), next.hash(), millis(this.refreshTokenTtl), millis(this.refresh.absoluteLifetime()),
				String.valueOf(this.refresh.maxPerMinute()), millis(this.refresh.reuseGrace()),
				String.valueOf(RefreshTokenChain.FREE_STEPS),
				String.valueOf(this.revocations.wideCutoff(this.firstPartyClient)));
		Assert.state(result != null && !result.isEmpty(), "the rotation script answered nothing");
		long outcome = (Long) result.get(0);
		if (outcome == 1) {
			return Rotation.rotated(Long.parseLong((String) result.get(1)), (String) result.get(2));
		}
		if (outcome == 2) {
			String retry = (String) result.get(6);
			return new Rotation(Rotation.Outcome.EARLIER, Long.parseLong((String) result.get(3)),
					(String) result.get(4), (Long) result.get(1), (String) result.get(2),
					(Long) result.get(5) == 1 || retry.equals(String.valueOf(presented.generation())), 0);
		}
		if (outcome == 3) {
			return new Rotation(Rotation.Outcome.TOO_FREQUENT, 0, null, 0, null, false, (Long) result.get(1));
		}
		return Rotation.INVALID;
	}

	/**
	 * Remembers, for a minute, that a rotation of {@code presented} may have happened
	 * although its caller was told it failed (Redis stalled past the command timeout,
	 * with the script still queued): a retry with the same token is then answered again
	 * rather than taken for theft. Best effort: if Redis cannot take it either, the
	 * rotation was most likely never sent.
	 */
	void rememberLostRotation(RefreshToken presented) {
		try {
			this.redis.opsForValue()
				.set(this.redisKeys.lostRotation(presented.username(), presented.sessionId()),
						String.valueOf(presented.generation()), Duration.ofMinutes(1));
		}
		catch (DataAccessException ex) {
			// the caller already answers 503
		}
	}

	/**
	 * How long the session of {@code token} lives on, if {@code token} is its current
	 * refresh token; empty if it is not (unknown, ended, expired, or an earlier one).
	 */
	Optional<Duration> currentFor(RefreshToken token) {
		String key = this.redisKeys.session(token.username(), token.sessionId());
		Object current = this.redis.opsForHash().get(key, "refresh");
		Long millis = this.redis.getExpire(key, TimeUnit.MILLISECONDS);
		if (current == null || !token.hash().equals(current) || millis == null || millis <= 0) {
			return Optional.empty();
		}
		return Optional.of(Duration.ofMillis(millis));
	}

	/**
	 * Ends a session: its refresh token dies, and so does every access token issued under
	 * it.
	 * @param cause who ends it and why, for the audit trail
	 * @return whether the user had such a live session, and the trail's entry
	 */
	Receipt<Boolean> end(String username, String sessionId, RevocationCause cause) {
		Receipt<Long> existed = this.revocations.revoke(END, Revocation.ofSession(username, sessionId),
				sessionKeys(username, sessionId), List.of(sessionId), cause);
		return new Receipt<>(Long.valueOf(1).equals(existed.value()), existed.entry());
	}

	/**
	 * Logout, in one atomic step: the presented access token is revoked, its session's
	 * refresh token dies, and so does any other access token of the session.
	 */
	void logout(AccessToken token) {
		this.revocations.revoke(LOGOUT, Revocation.of(token), sessionKeys(token.subject(), token.sessionId()),
				List.of(token.sessionId(), String.valueOf(token.issuedAtMillis())),
				RevocationCause.of(RevocationCause.LOGOUT, token.subject()));
	}

	private List<String> sessionKeys(String username, String sessionId) {
		return List.of(this.redisKeys.session(username, sessionId), this.redisKeys.sessionIndex(username));
	}

	/**
	 * Deletes every session of the user. Only tidiness: the logout-all cutoff already
	 * keeps their refresh tokens from working ({@link #rotate} refuses sessions created
	 * before it).
	 */
	void deleteAll(String username) {
		Set<String> ids = this.redis.opsForSet().members(this.redisKeys.sessionIndex(username));
		List<String> keys = new ArrayList<>();
		keys.add(this.redisKeys.sessionIndex(username));
		if (ids != null) {
			for (String id : ids) {
				keys.add(this.redisKeys.session(username, id));
			}
		}
		this.redis.delete(keys);
	}

	/**
	 * The user's live sessions, oldest first; expired ones are dropped from the index on
	 * the way.
	 */
	List<Session> list(String username) {
		String index = this.redisKeys.sessionIndex(username);
		Set<String> members = this.redis.opsForSet().members(index);
		if (members == null || members.isEmpty()) {
			return List.of();
		}
		List<String> ids = List.copyOf(members);
		List<Object> fieldNames = List.of("created_ms", "last_used_ms", "user_agent", "ip");
		List<Object> replies = this.redis.executePipelined(new SessionCallback<Object>() {
			@Override
			@SuppressWarnings("unchecked")
			public <K, V> Object execute(RedisOperations<K, V> operations) {
				RedisOperations<String, String> commands = (RedisOperations<String, String>) operations;
				for (String id : ids) {
					commands.opsForHash().multiGet(SessionStore.this.redisKeys.session(username, id), fieldNames);
				}
				commands.opsForValue().get(SessionStore.this.redisKeys.cutoff(username));
				return null;
			}
		});
		Object cutoffReply = replies.get(ids.size());
		long cutoff = (cutoffReply != null) ? Long.parseLong((String) cutoffReply) : 0;
		List<Session> sessions = new ArrayList<>();
		List<String> stale = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++) {
			List<?> fields = (List<?>) replies.get(i);
			if (fields.get(0) == null || Long.parseLong((String) fields.get(0)) <= cutoff) {
				stale.add(ids.get(i));
				continue;
			}
			sessions.add(new Session(ids.get(i), instant(fields.get(0)), instant(fields.get(1)), (String) fields.get(2),
					(String) fields.get(3)));
		}
		if (!stale.isEmpty()) {
			this.redis.opsForSet().remove(index, stale.toArray());
		}
		sessions.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
		return sessions;
	}

	private static Instant instant(Object millis) {
		return Instant.ofEpochMilli(Long.parseLong((String) millis));
	}

	private static String millis(Duration duration) {
		return String.valueOf(duration.toMillis());
	}

	/**
	 * What became of a presented refresh token.
	 *
	 * @param outcome what the session said
	 * @param issuedAtMillis rotated: the time of the rotation on Redis's clock; earlier:
	 * when the session's current access token was issued
	 * @param username rotated or earlier: the owner as registered
	 * @param generation earlier: the session's current generation
	 * @param currentHash earlier: the SHA-256 of the session's current secret
	 * @param answerAgain earlier: within the reuse grace, or right after a rotation whose
	 * caller got a 503
	 * @param retryAfterMillis too frequent: how long until the next refresh is allowed
	 */
	record Rotation(Outcome outcome, long issuedAtMillis, String username, long generation, String currentHash,
			boolean answerAgain, long retryAfterMillis) {

		static final Rotation INVALID = new Rotation(Outcome.INVALID, 0, null, 0, null, false, 0);

		static Rotation rotated(long issuedAtMillis, String username) {
			return new Rotation(Outcome.ROTATED, issuedAtMillis, username, 0, null, false, 0);
		}

		enum Outcome {

			ROTATED, EARLIER, TOO_FREQUENT, INVALID

		}

	}

}
