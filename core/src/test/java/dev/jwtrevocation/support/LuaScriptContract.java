package dev.jwtrevocation.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import io.lettuce.core.api.StatefulRedisConnection;

import dev.jwtrevocation.revocation.LuaScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per Lua script of a module (a module's {@code LuaScriptTests} extends this):
 * holds every {@code .lua} file of the module to its header: each {@code KEYS[n]} and
 * {@code ARGV[n]} the script reads is named there, and each one named there is read, so
 * that the positional contract between a script and its caller is written down and true.
 * Then the script is compiled by a real Redis ({@code SCRIPT LOAD}); a revoking script's
 * body is compiled as the core runs it, between the prologue and the epilogue.
 */
public abstract class LuaScriptContract {

	private static final Pattern ARGUMENT = Pattern.compile("\\b(KEYS|ARGV)\\[(\\d+)]");

	private static final String PROLOGUE = "dev/jwtrevocation/revocation/revoking-prologue.lua";

	private static final String EPILOGUE = "dev/jwtrevocation/revocation/revoking-epilogue.lua";

	/**
	 * Every {@code .lua} file of the module under test, under its
	 * {@code src/main/resources}.
	 */
	static List<Path> scripts() {
		try (Stream<Path> files = Files.walk(Path.of("src/main/resources"))) {
			return files.filter((file) -> file.toString().endsWith(".lua")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@ParameterizedTest
	@MethodSource("scripts")
	void scriptWhenReadThenItsHeaderNamesEveryKeyAndArgumentItReads(Path script) throws IOException {
		List<String> lines = Files.readAllLines(script);
		List<String> header = lines.stream().takeWhile((line) -> line.startsWith("--")).toList();
		assertThat(header).as("%s starts with a header comment", script.getFileName()).isNotEmpty();
		Set<String> named = arguments(header);
		Set<String> read = arguments(
				lines.stream().skip(header.size()).map((line) -> line.replaceFirst("--.*$", "")).toList());
		assertThat(read).as("what %s reads is named in its header", script.getFileName()).isSubsetOf(named);
		assertThat(named).as("what the header of %s names is read", script.getFileName()).isSubsetOf(read);
	}

	/** Compiles the script on a real Redis, as its caller runs it. */
	@ParameterizedTest
	@MethodSource("scripts")
	void scriptWhenLoadedIntoRedisThenItCompiles(Path script) throws IOException {
		String text = Files.readString(script);
		if (script.endsWith(PROLOGUE) || script.endsWith(EPILOGUE)) {
			return;
		}
		if (text.contains("revoking script's body")) {
			text = LuaScript.text(PROLOGUE) + text + LuaScript.text(EPILOGUE);
		}
		RedisClient client = RedisClient.create(TestRedis.get().url());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().scriptLoad(text)).hasSize(40);
		}
		finally {
			client.shutdown();
		}
	}

	private static Set<String> arguments(List<String> lines) {
		Set<String> found = new TreeSet<>();
		for (String line : lines) {
			Matcher matcher = ARGUMENT.matcher(line);
			while (matcher.find()) {
				found.add(matcher.group(1) + "[" + matcher.group(2) + "]");
			}
		}
		return found;
	}

}
