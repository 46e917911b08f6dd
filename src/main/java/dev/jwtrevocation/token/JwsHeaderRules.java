package dev.jwtrevocation.token;

import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The rules of an access token's JOSE header (RFC 8725 §3.1, RFC 9068 §4): {@code alg}
 * exactly the configured algorithm (so {@code none}, other sizes, HS256 signed with a
 * published public key and any other algorithm fail), {@code typ} {@code at+jwt} (so that
 * no other JWT signed with the same key is replayed as an access token), and none of the
 * headers that point at keys or change processing: they are refused, never followed.
 */
final class JwsHeaderRules {

	private static final Set<String> REFUSED_HEADERS = Set.of("jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256", "crit",
			"zip");

	private JwsHeaderRules() {
	}

	/**
	 * @throws InvalidAccessTokenException if the header breaks a rule
	 */
	static void check(JsonNode header, String algorithm) {
		if (!algorithm.equals(TokenJson.text(header, "alg")) || !isAccessTokenType(TokenJson.text(header, "typ"))) {
			throw InvalidAccessTokenException.invalid();
		}
		for (String name : REFUSED_HEADERS) {
			if (header.has(name)) {
				throw InvalidAccessTokenException.invalid();
			}
		}
	}

	private static boolean isAccessTokenType(String type) {
		return AccessTokenIssuer.TOKEN_TYPE.equalsIgnoreCase(type)
				|| ("application/" + AccessTokenIssuer.TOKEN_TYPE).equalsIgnoreCase(type);
	}

}
