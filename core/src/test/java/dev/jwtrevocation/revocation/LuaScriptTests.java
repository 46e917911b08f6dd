package dev.jwtrevocation.revocation;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.jwtrevocation.support.LuaScripts;
import dev.jwtrevocation.support.TestRedis;

/** One test per script of the core: its header is its contract, and Redis compiles it. */
class LuaScriptTests {

	static List<Path> scripts() {
		return LuaScripts.of(Path.of("src/main/resources"));
	}

	@ParameterizedTest
	@MethodSource("scripts")
	void scriptWhenReadThenItsHeaderNamesEveryKeyAndArgumentItReads(Path script) throws Exception {
		LuaScripts.assertHeaderNamesEveryArgument(script);
	}

	@ParameterizedTest
	@MethodSource("scripts")
	void scriptWhenLoadedIntoRedisThenItCompiles(Path script) throws Exception {
		LuaScripts.assertCompiles(script, TestRedis.get().url());
	}

}
