package dev.jwtrevocation.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

import dev.jwtrevocation.redis.RedisKeys;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.token.JwtProperties;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Counts the live sessions that a revocation would end, and their users, without ending
 * any: what an operator's dry run answers. A session is live while its hash exists, it
 * started after its user's cutoff and after any operator's cutoff of every session, and
 * its absolute lifetime has not run out: exactly the sessions whose refresh token still
 * works.
 * <p>
 * Counting every session walks the keyspace with {@code SCAN} (each primary of a cluster)
 * and reads each session's start and its user's cutoff in pipelined pages: about a second
 * per 100,000 sessions. It stops at a deadline and then says that its count is a lower
 * bound, so that no dry run ever times out.
 */
@Component
public class SessionCensus {

	private static final int PAGE = 1_000;

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final SessionStore sessions;

	private final RevocationStore revocations;

	private final RefreshProperties refresh;

	private final String firstPartyClient;

	SessionCensus(StringRedisTemplate redis, RedisKeys keys, SessionStore sessions, RevocationStore revocations,
			RefreshProperties refresh, JwtProperties jwt) {
		Assert.notNull(redis, "redis cannot be null");
		this.redis = redis;
		this.keys = keys;
		this.sessions = sessions;
		this.revocations = revocations;
		this.refresh = refresh;
		this.firstPartyClient = jwt.clientId();
	}

	/** The user's live sessions. */
	public Census ofUser(String username) {
		long live = live(username).count();
		return new Census(live, (live > 0) ? 1 : 0, true);
	}

	/** Whether the user's session is live: one session of one user, or none. */
	public Census ofSession(String username, String sessionId) {
		boolean live = live(username).anyMatch((session) -> session.id().equals(sessionId));
		return new Census(live ? 1 : 0, live ? 1 : 0, true);
	}

	private Stream<Session> live(String username) {
		long wideCutoff = this.revocations.wideCutoff(this.firstPartyClient);
		long oldestLive = redisMillis() - this.refresh.absoluteLifetime().toMillis();
		return this.sessions.list(username).stream().filter((session) -> {
			long started = session.createdAt().toEpochMilli();
			return started > wideCutoff && started > oldestLive;
		});
	}

	private long redisMillis() {
		Long now = this.redis.execute((RedisCallback<Long>) RedisConnection::time);
		Assert.state(now != null, "Redis answered no time");
		return now;
	}

	/**
	 * Every live session whose start matches, counted until the deadline.
	 * @param startedMatches which starts to count (ms on Redis's clock)
	 * @param budget how long it may count before it answers with a lower bound
	 */
	public Census ofAll(LongPredicate startedMatches, Duration budget) {
		long deadline = System.nanoTime() + budget.toNanos();
		long wideCutoff = this.revocations.wideCutoff(this.firstPartyClient);
		long oldestLive = redisMillis() - this.refresh.absoluteLifetime().toMillis();
		Tally tally = new Tally();
		String pattern = this.keys.session("*", "*").replace("{*}", "*");
		boolean complete = Boolean.TRUE.equals(this.redis.execute((RedisCallback<Boolean>) (connection) -> {
			if (connection instanceof RedisClusterConnection cluster) {
				for (RedisClusterNode node : cluster.clusterGetNodes()) {
					if (node.isMaster() && !scan(cluster.scan(node, options(pattern)), tally, wideCutoff, oldestLive,
							startedMatches, deadline)) {
						return false;
					}
				}
				return true;
			}
			return scan(connection.keyCommands().scan(options(pattern)), tally, wideCutoff, oldestLive, startedMatches,
					deadline);
		}));
		return new Census(tally.sessions, tally.users.size(), complete);
	}

	private static ScanOptions options(String pattern) {
		return ScanOptions.scanOptions().match(pattern).count(PAGE).build();
	}

	private boolean scan(Cursor<byte[]> cursor, Tally tally, long wideCutoff, long oldestLive,
			LongPredicate startedMatches, long deadline) {
		try (cursor) {
			List<String> page = new ArrayList<>(PAGE);
			while (cursor.hasNext()) {
				String key = new String(cursor.next(), StandardCharsets.UTF_8);
				if (!key.endsWith(":lost")) {
					page.add(key);
				}
				if (page.size() == PAGE) {
					count(page, tally, wideCutoff, oldestLive, startedMatches);
					page.clear();
					if (System.nanoTime() - deadline > 0) {
						return false;
					}
				}
			}
			count(page, tally, wideCutoff, oldestLive, startedMatches);
			return true;
		}
	}

	/** Reads each session's start and its user's cutoff, in one pipeline. */
	private void count(List<String> page, Tally tally, long wideCutoff, long oldestLive, LongPredicate startedMatches) {
		if (page.isEmpty()) {
			return;
		}
		List<String> users = new ArrayList<>(page.size());
		page.forEach((key) -> users.add(key.substring(key.indexOf('{') + 1, key.lastIndexOf("}:"))));
		List<Object> replies = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (int i = 0; i < page.size(); i++) {
				connection.hashCommands()
					.hGet(page.get(i).getBytes(StandardCharsets.UTF_8), "created_ms".getBytes(StandardCharsets.UTF_8));
				connection.stringCommands().get(this.keys.cutoff(users.get(i)).getBytes(StandardCharsets.UTF_8));
			}
			return null;
		});
		for (int i = 0; i < page.size(); i++) {
			Object started = replies.get(2 * i);
			Object userCutoff = replies.get(2 * i + 1);
			if (started == null) {
				continue;
			}
			long startedMillis = Long.parseLong((String) started);
			long cutoff = Math.max(wideCutoff, (userCutoff != null) ? Long.parseLong((String) userCutoff) : 0);
			if (startedMillis > cutoff && startedMillis > oldestLive && startedMatches.test(startedMillis)) {
				tally.sessions++;
				tally.users.add(users.get(i));
			}
		}
	}

	private static final class Tally {

		private long sessions;

		private final Set<String> users = new HashSet<>();

	}

	/**
	 * What a revocation would end.
	 *
	 * @param sessions how many live sessions
	 * @param users how many users they belong to
	 * @param exact {@code false} when the count stopped at its deadline: then at least
	 * this many
	 */
	public record Census(long sessions, long users, boolean exact) {
	}

}
