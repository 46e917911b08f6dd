package dev.jwtrevocation.revocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of this project, each a {@code .lua} file on the classpath whose header
 * names every {@code KEYS} and {@code ARGV} entry it reads (a test per module holds every
 * script to its header and compiles it on a real Redis).
 * <p>
 * A script's text is read once, when its class is loaded: a {@code RedisScript} built on
 * a resource would check the resource for changes at every execution, a file or jar
 * access on every logout.
 */
public final class LuaScript {

	private LuaScript() {
	}

	/**
	 * The script at {@code path} on the classpath, for Spring Data Redis
	 * ({@code EVALSHA}, then {@code EVAL} once if Redis does not know it yet).
	 */
	public static <T> RedisScript<T> load(String path, Class<T> resultType) {
		return RedisScript.of(text(path), resultType);
	}

	/** The text of the script at {@code path} on the classpath. */
	public static String text(String path) {
		try {
			return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Lua script " + path + " cannot be read", ex);
		}
	}

}
