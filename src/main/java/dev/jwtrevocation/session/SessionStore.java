package dev.jwtrevocation.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.jwtrevocation.revocation.Revocation;
import dev.jwtrevocation.revocation.RevocationKeys;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.revocation.RevokingScript;
import dev.jwtrevocation.system.RedisKeys;
import dev.jwtrevocation.token.AccessToken;
import dev.jwtrevocation.token.JwtProperties;

import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Login sessions and their refresh tokens in Redis.
 * <p>
 * A session is a hash ({@link RedisKeys#session}) holding the SHA-256 of its current
 * refresh token, never the token; the hashes of tokens it has rotated out are kept beside
 * it ({@link RedisKeys#rotatedRefreshTokens}) so that a replay can be told from a
 * forgery. Every state change is a Lua script: two requests racing with the same refresh
 * token are serialized by Redis, and exactly one of them sees its hash as current.
 * Timestamps come from Redis's {@code TIME}, the same clock as the logout-all cutoff, and
 * a new session is always stamped after the cutoff, so a login right after "log out
 * everywhere" works even within the same millisecond. The hash also keeps when its latest
 * access token was issued ({@code last_used_ms}) and the one before
 * ({@code prev_used_ms}): ending a session revokes its tokens through the revocation
 * core, in the same script, for exactly as long as one of them can still be accepted.
 */
@Component
class SessionStore {

	private static final String NOW_AFTER_CUTOFF = """
			local now = redis.call('TIME')
			local millis = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
			if millis <= cutoff then millis = cutoff + 1 end
			""";

	/**
	 * KEYS: session, index, cutoff. ARGV: username, sid, refresh hash, ttl ms, user
	 * agent, ip.
	 */
	private static final RedisScript<Long> CREATE = RedisScript.of("""
			local cutoff = tonumber(redis.call('GET', KEYS[3]) or '0')
			""" + NOW_AFTER_CUTOFF + """
			local stamp = string.format('%d', millis)
			redis.call('HSET', KEYS[1], 'username', ARGV[1], 'refresh', ARGV[3], 'created_ms', stamp,
				'last_used_ms', stamp, 'user_agent', ARGV[5], 'ip', ARGV[6])
			redis.call('PEXPIRE', KEYS[1], ARGV[4])
			redis.call('SADD', KEYS[2], ARGV[2])
			redis.call('PEXPIRE', KEYS[2], ARGV[4])
			return millis
			""", Long.class);

	/**
	 * Deletes the session's own keys. KEYS[1..3]: session, rotated, index; ARGV[1]: sid.
	 */
	private static final String DELETE_SESSION = """
			local function delete_session()
				redis.call('DEL', KEYS[1], KEYS[2])
				redis.call('SREM', KEYS[3], ARGV[1])
			end
			""";

	/**
	 * KEYS: session, rotated, index, cutoff. ARGV: sid, presented hash, new hash, refresh
	 * ttl ms. Answers {1, now ms, username} when rotated, {2} when the presented token
	 * was already rotated out (the session and its tokens are then revoked), {0}
	 * otherwise.
	 */
	@SuppressWarnings("rawtypes")
	private static final RevokingScript<List> ROTATE = RevokingScript.of(DELETE_SESSION + """
			local session = redis.call('HMGET', KEYS[1], 'refresh', 'created_ms', 'username', 'last_used_ms')
			if not session[1] then return {0} end
			local cutoff = tonumber(redis.call('GET', KEYS[4]) or '0')
			if tonumber(session[2]) <= cutoff then
				delete_session()
				return {0}
			end
			if session[1] == ARGV[2] then
			""" + NOW_AFTER_CUTOFF + """
				local stamp = string.format('%d', millis)
				redis.call('SADD', KEYS[2], ARGV[2])
				redis.call('HSET', KEYS[1], 'refresh', ARGV[3], 'last_used_ms', stamp, 'prev_used_ms', session[4])
				redis.call('PEXPIRE', KEYS[1], ARGV[4])
				redis.call('PEXPIRE', KEYS[2], ARGV[4])
				redis.call('PEXPIRE', KEYS[3], ARGV[4])
				return {1, stamp, session[3]}
			end
			if redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 1 then
				delete_session()
				revoke_session(session[4])
				return {2}
			end
			return {0}
			""");

	/**
	 * KEYS: session, rotated, index. ARGV: sid. Answers 1 if the session existed.
	 */
	private static final RevokingScript<Long> END = RevokingScript.of(DELETE_SESSION + """
			local last = redis.call('HGET', KEYS[1], 'last_used_ms')
			delete_session()
			if not last then return 0 end
			revoke_session(last)
			return 1
			""");

	/**
	 * KEYS: session, rotated, index. ARGV: sid, the presented token's iat_ms. The
	 * presented token is revoked by its jti; a session key is written only if the session
	 * may hold another live access token: one issued after the presented one, or, when
	 * the presented one is its latest, the one before it.
	 */
	private static final RevokingScript<Long> LOGOUT = RevokingScript.of(DELETE_SESSION + """
			revoke_token()
			local session = redis.call('HMGET', KEYS[1], 'last_used_ms', 'prev_used_ms')
			delete_session()
			if not session[1] then return 0 end
			local last = tonumber(session[1])
			local other = (last > tonumber(ARGV[2])) and last or tonumber(session[2] or '0')
			if other > 0 then revoke_session(other) end
			return 1
			""");

	private final StringRedisTemplate redis;

	private final RevocationStore revocations;

	private final Duration refreshTokenTtl;

	SessionStore(StringRedisTemplate redis, JwtProperties properties, RevocationStore revocations) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(revocations, "revocations cannot be null");
		this.redis = redis;
		this.revocations = revocations;
		this.refreshTokenTtl = properties.refreshTokenTtl();
	}

	/**
	 * Stores a new session whose current refresh token is {@code refreshToken}.
	 * @return the session's creation time, in milliseconds on Redis's clock
	 */
	long create(RefreshToken refreshToken, String userAgent, String ip) {
		String username = refreshToken.username();
		Long createdAt = this.redis.execute(CREATE,
				List.of(RedisKeys.session(username, refreshToken.sessionId()), RedisKeys.sessionIndex(username),
						RevocationKeys.cutoff(username)),
				username, refreshToken.sessionId(), refreshToken.hash(), millis(this.refreshTokenTtl), userAgent, ip);
		Assert.state(createdAt != null, "the session script answered nothing");
		return createdAt;
	}

	/**
	 * Replaces {@code presented} with {@code next} if {@code presented} is the session's
	 * current refresh token; ends the session if {@code presented} was rotated out before
	 * (a replay).
	 */
	Rotation rotate(RefreshToken presented, RefreshToken next) {
		String username = presented.username();
		String sessionId = presented.sessionId();
		List<String> keys = List.of(RedisKeys.session(username, sessionId),
				RedisKeys.rotatedRefreshTokens(username, sessionId), RedisKeys.sessionIndex(username),
				RevocationKeys.cutoff(username));
		List<?> result = this.revocations.revoke(ROTATE, Revocation.ofSession(username, sessionId), keys,
				List.of(sessionId, presented.hash(), next.hash(), millis(this.refreshTokenTtl)));
		Assert.state(result != null && !result.isEmpty(), "the rotation script answered nothing");
		long outcome = (Long) result.get(0);
		if (outcome == 1) {
			return Rotation.rotated(Long.parseLong((String) result.get(1)), (String) result.get(2));
		}
		return (outcome == 2) ? Rotation.REPLAYED : Rotation.INVALID;
	}

	/**
	 * Ends a session: its refresh token dies, and so does every access token issued under
	 * it.
	 * @return {@code false} if the user has no such live session
	 */
	boolean end(String username, String sessionId) {
		Long existed = this.revocations.revoke(END, Revocation.ofSession(username, sessionId),
				sessionKeys(username, sessionId), List.of(sessionId));
		return Long.valueOf(1).equals(existed);
	}

	/**
	 * Logout, in one atomic step: the presented access token is revoked, its session's
	 * refresh token dies, and so does any other access token of the session.
	 */
	void logout(AccessToken token) {
		this.revocations.revoke(LOGOUT, Revocation.of(token), sessionKeys(token.subject(), token.sessionId()),
				List.of(token.sessionId(), String.valueOf(token.issuedAtMillis())));
	}

	private static List<String> sessionKeys(String username, String sessionId) {
		return List.of(RedisKeys.session(username, sessionId), RedisKeys.rotatedRefreshTokens(username, sessionId),
				RedisKeys.sessionIndex(username));
	}

	/**
	 * Deletes every session of the user. Only tidiness: the logout-all cutoff already
	 * keeps their refresh tokens from working ({@link #rotate} refuses sessions created
	 * before it).
	 */
	void deleteAll(String username) {
		Set<String> ids = this.redis.opsForSet().members(RedisKeys.sessionIndex(username));
		List<String> keys = new ArrayList<>();
		keys.add(RedisKeys.sessionIndex(username));
		if (ids != null) {
			for (String id : ids) {
				keys.add(RedisKeys.session(username, id));
				keys.add(RedisKeys.rotatedRefreshTokens(username, id));
			}
		}
		this.redis.delete(keys);
	}

	/**
	 * The user's live sessions, oldest first; expired ones are dropped from the index on
	 * the way.
	 */
	List<Session> list(String username) {
		String index = RedisKeys.sessionIndex(username);
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
					commands.opsForHash().multiGet(RedisKeys.session(username, id), fieldNames);
				}
				commands.opsForValue().get(RevocationKeys.cutoff(username));
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
	 * @param outcome rotated, replayed or invalid
	 * @param issuedAtMillis when rotated: the time of the rotation on Redis's clock
	 * @param username when rotated: the owner as registered
	 */
	record Rotation(Outcome outcome, long issuedAtMillis, String username) {

		static final Rotation REPLAYED = new Rotation(Outcome.REPLAYED, 0, null);

		static final Rotation INVALID = new Rotation(Outcome.INVALID, 0, null);

		static Rotation rotated(long issuedAtMillis, String username) {
			return new Rotation(Outcome.ROTATED, issuedAtMillis, username);
		}

		enum Outcome {

			ROTATED, REPLAYED, INVALID

		}

	}

}
