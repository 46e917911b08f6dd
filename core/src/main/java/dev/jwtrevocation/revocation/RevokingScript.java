package dev.jwtrevocation.revocation;

import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * A Lua script of another feature that revokes as part of its own atomic change: ending a
 * session deletes the session's keys and revokes its tokens in one step, so that no
 * failure can leave one done without the other.
 * <p>
 * The feature writes only its own keys; revocation keys are written by the functions the
 * core puts in front of its body, which know their names and lifetimes
 * ({@link TokenLifetimes}):
 * <ul>
 * <li>{@code revoke_token()}: the token of the {@link Revocation};</li>
 * <li>{@code revoke_session(last_issued_ms)}: every token of the revocation's session,
 * for as long as the latest of them, issued at {@code last_issued_ms} on Redis's clock,
 * can be accepted (nothing is written if none can be any more);</li>
 * <li>{@code revoke_session_of(sid, last_issued_ms)}: the same for another session of the
 * same user (its key shares the user's hash slot).</li>
 * </ul>
 * The body sees its own {@code KEYS} and {@code ARGV} from index 1, as in any script; the
 * core's come last and are hidden from it. What the body returns is what
 * {@link RevocationStore#revoke(RevokingScript, Revocation, List, List)} returns.
 *
 * @param <T> the body's return type: {@code Long} or {@code List}
 */
public final class RevokingScript<T> {

	private static final String PROLOGUE = """
			local core_keys, core_args = #KEYS - 1, #ARGV - 2
			local token_key, session_key = KEYS[core_keys], KEYS[core_keys + 1]
			local token_ttl, session_lifetime, session_prefix = ARGV[core_args], ARGV[core_args + 1], ARGV[core_args + 2]
			local written = {}
			local function revoke_token()
				assert(token_ttl ~= '', 'this revocation has no token')
				redis.call('SET', token_key, '1', 'PX', token_ttl)
				table.insert(written, token_key)
				table.insert(written, tonumber(token_ttl))
			end
			local function revoke_session_of(sid, last_issued_ms)
				local key = sid and (session_prefix .. sid) or session_key
				local clock = redis.call('TIME')
				local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
				local ttl = tonumber(last_issued_ms) + tonumber(session_lifetime) - now
				if ttl > 0 then
					redis.call('SET', key, '1', 'PX', ttl)
					table.insert(written, key)
					table.insert(written, ttl)
				end
			end
			local function revoke_session(last_issued_ms)
				revoke_session_of(nil, last_issued_ms)
			end
			local KEYS = { unpack(KEYS, 1, core_keys - 1) }
			local ARGV = { unpack(ARGV, 1, core_args - 1) }
			local function body()
			""";

	private static final String EPILOGUE = """

			end
			local result = body()
			if result == nil then result = false end
			return { result, written }
			""";

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> script;

	private RevokingScript(String body) {
		this.script = RedisScript.of(PROLOGUE + body + EPILOGUE, List.class);
	}

	/**
	 * @param body Lua that may call {@code revoke_token()} and
	 * {@code revoke_session(last_issued_ms)}, and returns an integer or a table
	 */
	public static <T> RevokingScript<T> of(String body) {
		Assert.hasText(body, "body cannot be empty");
		return new RevokingScript<>(body);
	}

	@SuppressWarnings("rawtypes")
	RedisScript<List> script() {
		return this.script;
	}

}
