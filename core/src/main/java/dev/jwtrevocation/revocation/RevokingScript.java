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

	private static final String PROLOGUE = LuaScript.text("dev/jwtrevocation/revocation/revoking-prologue.lua");

	private static final String EPILOGUE = LuaScript.text("dev/jwtrevocation/revocation/revoking-epilogue.lua");

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> script;

	private RevokingScript(String body) {
		this.script = RedisScript.of(PROLOGUE + body + EPILOGUE, List.class);
	}

	/**
	 * @param path where the body is on the classpath: Lua that may call
	 * {@code revoke_token()} and {@code revoke_session(last_issued_ms)}, and returns an
	 * integer or a table
	 */
	public static <T> RevokingScript<T> load(String path) {
		Assert.hasText(path, "path cannot be empty");
		return new RevokingScript<>(LuaScript.text(path));
	}

	@SuppressWarnings("rawtypes")
	RedisScript<List> script() {
		return this.script;
	}

}
