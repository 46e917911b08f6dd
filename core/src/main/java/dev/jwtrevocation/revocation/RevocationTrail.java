package dev.jwtrevocation.revocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.lang.Nullable;
import org.springframework.util.Assert;

/**
 * The history of every revocation, in Redis: a stream ({@link RevocationKeys#trail()})
 * capped by count and by age on every append, so that it needs no cleanup job and its
 * memory has a bound ({@code revocation.audit.*}). Each entry says who asked, through
 * which action, what was refused, why, how many sessions it ended and how long every
 * mirror took to confirm it. Never a token: a {@code jti} or a session id authenticates
 * nothing.
 * <p>
 * An entry's id is the stream's: its time on Redis's clock in milliseconds and a sequence
 * number ({@code 1733212345678-0}), so the trail reads newest first by id and pages by
 * it. An operator's entry that was lifted is marked in a hash beside the stream, kept as
 * long.
 */
public final class RevocationTrail {

	private static final RedisScript<String> APPEND = LuaScript.load("dev/jwtrevocation/revocation/trail-append.lua",
			String.class);

	/** How many entries one read examines at most, whatever its filters match. */
	static final int MAX_EXAMINED = 5_000;

	private static final int BATCH = 250;

	private final StringRedisTemplate redis;

	private final String key;

	private final String lifted;

	private final long maxEntries;

	private final Duration retention;

	/**
	 * @param maxEntries the most entries kept
	 * @param retention how long an entry is kept
	 */
	public RevocationTrail(StringRedisTemplate redis, RevocationKeys keys, long maxEntries, Duration retention) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(keys, "keys cannot be null");
		Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
		Assert.isTrue(retention != null && retention.toMillis() > 0, "retention must be positive");
		this.redis = redis;
		this.key = keys.trail();
		this.lifted = keys.trail() + ":lifted";
		this.maxEntries = maxEntries;
		this.retention = retention;
	}

	/** Appends an entry; returns its id. */
	String append(TrailEntry entry) {
		List<String> args = new ArrayList<>();
		args.add(String.valueOf(this.maxEntries));
		args.add(String.valueOf(this.retention.toMillis()));
		entry.fields().forEach((name, value) -> {
			args.add(name);
			args.add(value);
		});
		String id = this.redis.execute(APPEND, List.of(this.key), args.toArray());
		Assert.state(id != null, "the trail answered no id");
		return id;
	}

	/** The entry with this id, if the trail still holds it. */
	public Optional<TrailEntry> find(String id) {
		Assert.isTrue(TrailEntry.isId(id), "not an entry id");
		List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
			.range(this.key, Range.closed(id, id), Limit.limit().count(1));
		if (records == null || records.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(withLift(List.of(TrailEntry.of(records.get(0)))).get(0));
	}

	/**
	 * Entries oldest first after {@code cursor} (exclusive), up to {@code count}: how a
	 * reader that keeps its own position (the Shared Signals outbox) follows the trail.
	 * @param cursor an entry id, or {@code 0-0} for the oldest
	 */
	public List<TrailEntry> after(String cursor, int count) {
		Assert.isTrue(TrailEntry.isId(cursor), "not an entry id");
		List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
			.range(this.key, Range.of(Range.Bound.exclusive(cursor), Range.Bound.unbounded()),
					Limit.limit().count(count));
		if (records == null) {
			return List.of();
		}
		List<TrailEntry> entries = new ArrayList<>(records.size());
		records.forEach((record) -> entries.add(TrailEntry.of(record)));
		return entries;
	}

	/** The newest entry's id, {@code 0-0} when the trail is empty. */
	public String lastId() {
		List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
			.reverseRange(this.key, Range.unbounded(), Limit.limit().count(1));
		return (records == null || records.isEmpty()) ? "0-0" : records.get(0).getId().getValue();
	}

	/** The oldest entry's id, {@code null} when the trail is empty. */
	@Nullable
	public String firstId() {
		List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
			.range(this.key, Range.unbounded(), Limit.limit().count(1));
		return (records == null || records.isEmpty()) ? null : records.get(0).getId().getValue();
	}

	/**
	 * Marks an entry lifted by another.
	 * @return {@code false} if it was lifted already
	 */
	boolean markLifted(String id, String liftId) {
		Boolean first = this.redis.opsForHash().putIfAbsent(this.lifted, id, liftId);
		this.redis.expire(this.lifted, this.retention);
		return Boolean.TRUE.equals(first);
	}

	/** Names the lift in an entry's mark. */
	void completeLift(String id, String liftId) {
		this.redis.opsForHash().put(this.lifted, id, liftId);
	}

	/** Takes a mark back, when a lift failed half way. */
	void unmarkLifted(String id) {
		this.redis.opsForHash().delete(this.lifted, id);
	}

	/**
	 * Entries newest first that match the query, up to its limit, examining at most
	 * {@link #MAX_EXAMINED} of them, so that no filter makes a read long.
	 */
	public Page read(Query query) {
		Assert.notNull(query, "query cannot be null");
		List<TrailEntry> found = new ArrayList<>();
		String upper = (query.before() != null) ? TrailEntry.previous(query.before())
				: (query.untilMillis() != null) ? query.untilMillis() + "-" + Long.MAX_VALUE : "+";
		String lower = (query.sinceMillis() != null) ? query.sinceMillis() + "-0" : "-";
		int examined = 0;
		String last = null;
		boolean exhausted = false;
		while (found.size() < query.limit() && examined < MAX_EXAMINED) {
			int count = Math.min(BATCH, MAX_EXAMINED - examined);
			List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
				.reverseRange(this.key, range(lower, upper), Limit.limit().count(count));
			if (records == null || records.isEmpty()) {
				exhausted = true;
				break;
			}
			for (MapRecord<String, Object, Object> record : records) {
				examined++;
				last = record.getId().getValue();
				TrailEntry entry = TrailEntry.of(record);
				if (query.matches(entry)) {
					found.add(entry);
					if (found.size() == query.limit()) {
						break;
					}
				}
			}
			upper = TrailEntry.previous(last);
			if ((found.size() < query.limit() && records.size() < count) || upper == null) {
				exhausted = true;
				break;
			}
		}
		return new Page(withLift(found), exhausted ? null : last);
	}

	private static Range<String> range(String lower, String upper) {
		return Range.of(bound(lower), bound(upper));
	}

	private static Range.Bound<String> bound(String id) {
		return ("-".equals(id) || "+".equals(id)) ? Range.Bound.unbounded() : Range.Bound.inclusive(id);
	}

	private List<TrailEntry> withLift(List<TrailEntry> entries) {
		if (entries.isEmpty()) {
			return entries;
		}
		List<Object> ids = new ArrayList<>(entries.size());
		entries.forEach((entry) -> ids.add(entry.id()));
		List<Object> lifts = this.redis.opsForHash().multiGet(this.lifted, ids);
		List<TrailEntry> marked = new ArrayList<>(entries.size());
		for (int i = 0; i < entries.size(); i++) {
			Object lift = (lifts != null) ? lifts.get(i) : null;
			marked.add((lift != null) ? entries.get(i).liftedBy((String) lift) : entries.get(i));
		}
		return marked;
	}

	/**
	 * What to read.
	 *
	 * @param user only entries of this user (lower case), or all
	 * @param kind only selectors of this kind, or all
	 * @param reasonCode only entries with this reason code, or all
	 * @param sinceMillis only entries at or after this time, or all
	 * @param untilMillis only entries at or before this time, or all
	 * @param before only entries older than this id: the previous page's {@code next}
	 * @param limit how many entries at most, 1 to 100
	 */
	public record Query(@Nullable String user, @Nullable String kind, @Nullable String reasonCode,
			@Nullable Long sinceMillis, @Nullable Long untilMillis, @Nullable String before, int limit) {

		public Query {
			Assert.isTrue(limit >= 1 && limit <= 100, "limit must be 1 to 100");
			Assert.isTrue(before == null || TrailEntry.isId(before), "before must be an entry id");
			user = (user != null) ? RevocationKeys.lowerCase(user) : null;
		}

		boolean matches(TrailEntry entry) {
			return (this.user == null || this.user.equals(entry.user()))
					&& (this.kind == null || this.kind.equals(entry.kind()))
					&& (this.reasonCode == null || this.reasonCode.equals(entry.reasonCode()));
		}

	}

	/**
	 * One page of the trail.
	 *
	 * @param entries newest first
	 * @param next where the next page starts ({@link Query#before()}), {@code null} when
	 * the trail holds nothing older that could match
	 */
	public record Page(List<TrailEntry> entries, @Nullable String next) {
	}

}
