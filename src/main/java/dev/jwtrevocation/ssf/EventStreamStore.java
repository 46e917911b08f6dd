package dev.jwtrevocation.ssf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.lang.Nullable;
import org.springframework.util.Assert;

import dev.jwtrevocation.redis.RedisKeys;

/**
 * The streams in Redis ({@link RedisKeys#ssfStreams}), where each has got to in the audit
 * trail ({@link RedisKeys#ssfCursors}), their pending verification events and who
 * delivers each. Shared by every instance, so that a restart or another instance carries
 * on where delivery stopped.
 */
final class EventStreamStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	/** How many verification events a stream may have waiting. */
	static final int MAX_VERIFICATIONS = 10;

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	EventStreamStore(StringRedisTemplate redis, RedisKeys keys) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(keys, "keys cannot be null");
		this.redis = redis;
		this.keys = keys;
	}

	List<EventStream> all() {
		List<EventStream> streams = new ArrayList<>();
		for (Object json : this.redis.opsForHash().values(this.keys.ssfStreams())) {
			streams.add(EventStream.of(JSON.readValue((String) json, MAP)));
		}
		return streams;
	}

	List<EventStream> ofClient(String clientId) {
		return all().stream().filter((stream) -> stream.clientId().equals(clientId)).toList();
	}

	@Nullable
	EventStream find(String id) {
		Object json = this.redis.opsForHash().get(this.keys.ssfStreams(), id);
		return (json != null) ? EventStream.of(JSON.readValue((String) json, MAP)) : null;
	}

	/**
	 * Saves a stream; a new one starts at the trail's end, so that it gets what is
	 * revoked from now on.
	 */
	void save(EventStream stream, @Nullable String startCursor) {
		this.redis.opsForHash().put(this.keys.ssfStreams(), stream.id(), JSON.writeValueAsString(stream.stored()));
		if (startCursor != null) {
			this.redis.opsForHash().putIfAbsent(this.keys.ssfCursors(), stream.id(), startCursor);
		}
	}

	void delete(String id) {
		this.redis.opsForHash().delete(this.keys.ssfStreams(), id);
		this.redis.opsForHash().delete(this.keys.ssfCursors(), id);
		this.redis.delete(List.of(this.keys.ssfVerifications(id), this.keys.ssfLease(id), this.keys.ssfVerified(id)));
	}

	/** The last trail entry delivered to the stream (or acknowledged by its poller). */
	String cursor(String id) {
		Object cursor = this.redis.opsForHash().get(this.keys.ssfCursors(), id);
		return (cursor != null) ? (String) cursor : "0-0";
	}

	/** Moves a stream's cursor, if the stream still exists. */
	void advance(String id, String cursor) {
		if (Boolean.TRUE.equals(this.redis.opsForHash().hasKey(this.keys.ssfStreams(), id))) {
			this.redis.opsForHash().put(this.keys.ssfCursors(), id, cursor);
		}
	}

	/**
	 * Queues a verification event (its {@code jti} and {@code state}), unless the stream
	 * asked for one within {@code interval}.
	 * @return {@code false} if it asked too soon
	 */
	boolean queueVerification(String id, String jti, @Nullable String state, Duration interval) {
		if (!interval.isZero() && !Boolean.TRUE
			.equals(this.redis.opsForValue().setIfAbsent(this.keys.ssfVerified(id), jti, interval))) {
			return false;
		}
		String key = this.keys.ssfVerifications(id);
		Map<String, Object> verification = new LinkedHashMap<>();
		verification.put("jti", jti);
		verification.put("state", (state != null) ? state : "");
		this.redis.opsForList().rightPush(key, JSON.writeValueAsString(verification));
		this.redis.opsForList().trim(key, -MAX_VERIFICATIONS, -1);
		this.redis.expire(key, Duration.ofDays(1));
		return true;
	}

	/** The verification events waiting, oldest first: {@code jti} and {@code state}. */
	List<Map<String, Object>> verifications(String id) {
		List<String> queued = this.redis.opsForList().range(this.keys.ssfVerifications(id), 0, -1);
		List<Map<String, Object>> verifications = new ArrayList<>();
		if (queued != null) {
			queued.forEach((json) -> verifications.add(JSON.readValue(json, MAP)));
		}
		return verifications;
	}

	/** Drops a verification event once delivered or acknowledged. */
	void verified(String id, Map<String, Object> verification) {
		this.redis.opsForList().remove(this.keys.ssfVerifications(id), 1, JSON.writeValueAsString(verification));
	}

	/**
	 * Takes or renews the lease to deliver a push stream, so that one instance delivers
	 * each stream at a time.
	 * @return whether this instance holds it
	 */
	boolean lease(String id, String instance, Duration lease) {
		String key = this.keys.ssfLease(id);
		if (Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(key, instance, lease))) {
			return true;
		}
		if (instance.equals(this.redis.opsForValue().get(key))) {
			this.redis.expire(key, lease);
			return true;
		}
		return false;
	}

}
