package dev.jwtrevocation.user;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.jwtrevocation.revocation.LuaScript;
import dev.jwtrevocation.redis.RedisKeys;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Users, one Redis hash each ({@link RedisKeys#user}) with the fields {@code username},
 * {@code password} (an encoded hash, never the password) and {@code roles}.
 * <p>
 * Names are unique regardless of case, so that {@code Alice} and {@code alice} cannot be
 * two people. Creation is a single Lua script, so two registrations racing for one name
 * cannot both win and a user is never half written.
 */
@Component
public final class UserStore {

	private static final RedisScript<Long> CREATE_IF_ABSENT = LuaScript.load("dev/jwtrevocation/user/user-create.lua",
			Long.class);

	private final StringRedisTemplate redis;

	private final RedisKeys redisKeys;

	private final Clock clock;

	UserStore(StringRedisTemplate redis, RedisKeys redisKeys, Clock clock) {
		Assert.notNull(redisKeys, "redisKeys cannot be null");
		this.redisKeys = redisKeys;
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.redis = redis;
		this.clock = clock;
	}

	/**
	 * Stores a new user unless the name is taken.
	 * @return {@code false} if a user of that name (in any case) exists
	 */
	public boolean createIfAbsent(User user) {
		Long created = this.redis.execute(CREATE_IF_ABSENT, List.of(this.redisKeys.user(user.username())),
				user.username(), user.passwordHash(), String.join(",", user.roles()), this.clock.instant().toString());
		return Long.valueOf(1).equals(created);
	}

	public Optional<User> find(String username) {
		Map<Object, Object> fields = this.redis.opsForHash().entries(this.redisKeys.user(username));
		if (fields.isEmpty()) {
			return Optional.empty();
		}
		List<String> roles = Arrays.stream(((String) fields.get("roles")).split(","))
			.filter((role) -> !role.isEmpty())
			.toList();
		return Optional.of(new User((String) fields.get("username"), (String) fields.get("password"), roles));
	}

}
