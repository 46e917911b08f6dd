package dev.jwtrevocation.token;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of a token's header and claims: one object, duplicate members refused (a token
 * must not say two things), and the few typed reads the rules need.
 */
final class TokenJson {

	/**
	 * Its buffers recycled per thread: Jackson's default pool, a concurrent deque shared
	 * by every request thread, took about 2% of an authenticated request's CPU under load
	 * (JFR, docs/benchmarks.md: the framework tax).
	 */
	private static final JsonMapper JSON = JsonMapper
		.builder(JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build())
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private TokenJson() {
	}

	/**
	 * @throws InvalidAccessTokenException if the bytes are not one JSON object
	 */
	static JsonNode object(byte[] json) {
		try {
			JsonNode node = JSON.readTree(json);
			if (node == null || !node.isObject()) {
				throw InvalidAccessTokenException.invalid();
			}
			return node;
		}
		catch (JacksonException ex) {
			throw InvalidAccessTokenException.invalid();
		}
	}

	/** A string member, or {@code null} when absent or of another type. */
	static String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	/** A non-blank string member. */
	static String required(JsonNode node, String name) {
		String value = text(node, name);
		if (value == null || value.isBlank()) {
			throw InvalidAccessTokenException.invalid();
		}
		return value;
	}

	/**
	 * A NumericDate (RFC 7519 §2), seconds that may have a fraction, in epoch
	 * milliseconds.
	 */
	static long numericDate(JsonNode node, String name) {
		JsonNode value = node.get(name);
		if (value == null || !value.isNumber()) {
			throw InvalidAccessTokenException.invalid();
		}
		if (!value.isIntegralNumber()) {
			return (long) Math.floor(value.doubleValue() * 1000);
		}
		if (!value.canConvertToLong() || Math.abs(value.longValue()) > Long.MAX_VALUE / 1000) {
			throw InvalidAccessTokenException.invalid();
		}
		return value.longValue() * 1000;
	}

}
