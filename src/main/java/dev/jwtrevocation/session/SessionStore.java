package dev.jwtrevocation.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.jwtrevocation.system.RedisKeys;
import dev.jwtrevocation.token.JwtProperties;
import dev.jwtrevocation.token.RevocationMirror;

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
 * everywhere" works even within the same millisecond.
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
	 * KEYS: session, rotated, index, revoked-session marker, cutoff. ARGV: presented
	 * hash, new hash, refresh ttl ms, marker ttl ms, sid. Answers {1, now ms, username}
	 * when rotated, {2} when the presented token was already rotated out (the session is
	 * then ended), {0} otherwise.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ROTATE = RedisScript.of("""
			local session = redis.call('HMGET', KEYS[1], 'refresh', 'created_ms', 'username')
			if not session[1] then return {0} end
			local cutoff = tonumber(redis.call('GET', KEYS[5]) or '0')
			if tonumber(session[2]) <= cutoff then
				redis.call('DEL', KEYS[1], KEYS[2])
				redis.call('SREM', KEYS[3], ARGV[5])
				return {0}
			end
			if session[1] == ARGV[1] then
			""" + NOW_AFTER_CUTOFF + """
				local stamp = string.format('%d', millis)
				redis.call('SADD', KEYS[2], ARGV[1])
				redis.call('HSET', KEYS[1], 'refresh', ARGV[2], 'last_used_ms', stamp)
				redis.call('PEXPIRE', KEYS[1], ARGV[3])
				redis.call('PEXPIRE', KEYS[2], ARGV[3])
				redis.call('PEXPIRE', KEYS[3], ARGV[3])
				return {1, stamp, session[3]}
			end
			if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
				redis.call('DEL', KEYS[1], KEYS[2])
				redis.call('SREM', KEYS[3], ARGV[5])
				redis.call('SET', KEYS[4], '1', 'PX', ARGV[4])
				return {2}
			end
			return {0}
			""", List.class);

	/**
	 * KEYS: session, rotated, index, revoked-session marker. ARGV: sid, marker ttl ms.
	 */
	private static final RedisScript<Long> END = RedisScript.of("""
			local existed = redis.call('DEL', KEYS[1])
			redis.call('DEL', KEYS[2])
			redis.call('SREM', KEYS[3], ARGV[1])
			if existed == 1 then redis.call('SET', KEYS[4], '1', 'PX', ARGV[2]) end
			return existed
			""", Long.class);

	private final StringRedisTemplate redis;

	private final RevocationMirror mirror;

	private final Duration refreshTokenTtl;

	private final Duration revokedSessionTtl;

	SessionStore(StringRedisTemplate redis, JwtProperties properties, RevocationMirror mirror) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(mirror, "mirror cannot be null");
		this.redis = redis;
		this.mirror = mirror;
		this.refreshTokenTtl = properties.refreshTokenTtl();
		this.revokedSessionTtl = properties.accessTokenLifetimeWithSkew();
	}

	/**
	 * Stores a new session whose current refresh token is {@code refreshToken}.
	 * @return the session's creation time, in milliseconds on Redis's clock
	 */
	long create(RefreshToken refreshToken, String userAgent, String ip) {
		String username = refreshToken.username();
		Long createdAt = this.redis.execute(CREATE,
				List.of(RedisKeys.session(username, refreshToken.sessionId()), RedisKeys.sessionIndex(username),
						RedisKeys.revocationCutoff(username)),
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
		List<?> result = this.redis.execute(ROTATE,
				List.of(RedisKeys.session(username, sessionId), RedisKeys.rotatedRefreshTokens(username, sessionId),
						RedisKeys.sessionIndex(username), RedisKeys.revokedSession(username, sessionId),
						RedisKeys.revocationCutoff(username)),
				presented.hash(), next.hash(), millis(this.refreshTokenTtl), millis(this.revokedSessionTtl), sessionId);
		Assert.state(result != null && !result.isEmpty(), "the rotation script answered nothing");
		long outcome = (Long) result.get(0);
		if (outcome == 1) {
			return Rotation.rotated(Long.parseLong((String) result.get(1)), (String) result.get(2));
		}
		if (outcome == 2) {
			this.mirror.recordRevoked(RedisKeys.revokedSession(username, sessionId));
			return Rotation.REPLAYED;
		}
		return Rotation.INVALID;
	}

	/**
	 * Ends a session: its refresh token dies, and so, through the revoked-session marker,
	 * does every access token issued under it.
	 * @return {@code false} if the user has no such live session
	 */
	boolean end(String username, String sessionId) {
		String marker = RedisKeys.revokedSession(username, sessionId);
		Long existed = this.redis.execute(
				END, List.of(RedisKeys.session(username, sessionId),
						RedisKeys.rotatedRefreshTokens(username, sessionId), RedisKeys.sessionIndex(username), marker),
				sessionId, millis(this.revokedSessionTtl));
		if (Long.valueOf(1).equals(existed)) {
			this.mirror.recordRevoked(marker);
			return true;
		}
		return false;
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
				commands.opsForValue().get(RedisKeys.revocationCutoff(username));
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
