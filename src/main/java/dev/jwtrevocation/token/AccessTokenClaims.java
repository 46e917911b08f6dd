package dev.jwtrevocation.token;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The rules of an access token's claims (RFC 9068 §4, RFC 8725 §3.8, §3.9): {@code exp}
 * in the future and {@code nbf} and {@code iat} not, each with the clock-skew leeway;
 * {@code iss} and {@code aud} ours; {@code jti}, {@code sub}, {@code sid} and
 * {@code iat_ms} present; {@code roles} an array of strings and {@code scope} a string if
 * present.
 */
final class AccessTokenClaims {

	private final String issuer;

	private final String audience;

	private final Clock clock;

	private final long clockSkewMillis;

	AccessTokenClaims(String issuer, String audience, Clock clock, long clockSkewMillis) {
		this.issuer = issuer;
		this.audience = audience;
		this.clock = clock;
		this.clockSkewMillis = clockSkewMillis;
	}

	/**
	 * @param keyId the key that verified the token, or {@code null}
	 * @throws InvalidAccessTokenException if a claim breaks a rule
	 */
	AccessToken read(JsonNode claims, String keyId) {
		long now = this.clock.millis();
		long expiresAt = TokenJson.numericDate(claims, "exp");
		long issuedAt = TokenJson.numericDate(claims, "iat");
		if (now >= expiresAt + this.clockSkewMillis) {
			throw InvalidAccessTokenException.expired();
		}
		if (issuedAt > now + this.clockSkewMillis
				|| (claims.get("nbf") != null && TokenJson.numericDate(claims, "nbf") > now + this.clockSkewMillis)) {
			throw new InvalidAccessTokenException(InvalidAccessTokenException.Reason.INVALID,
					"The access token is not valid yet");
		}
		JsonNode issuedAtMillis = claims.get(AccessTokenIssuer.ISSUED_AT_MILLIS_CLAIM);
		if (!this.issuer.equals(TokenJson.text(claims, "iss")) || !hasAudience(claims.get("aud"))
				|| issuedAtMillis == null || !issuedAtMillis.isIntegralNumber()) {
			throw InvalidAccessTokenException.invalid();
		}
		return new AccessToken(TokenJson.required(claims, "jti"), TokenJson.required(claims, "sub"),
				TokenJson.required(claims, AccessTokenIssuer.SESSION_CLAIM),
				roles(claims.get(AccessTokenIssuer.ROLES_CLAIM)), Instant.ofEpochMilli(issuedAt),
				Instant.ofEpochMilli(expiresAt), issuedAtMillis.longValue(),
				TokenJson.text(claims, AccessTokenIssuer.CLIENT_ID_CLAIM), keyId,
				scopes(claims.get(AccessTokenIssuer.SCOPE_CLAIM)));
	}

	/** RFC 9068 §2.2.3: space-separated scopes. */
	private static List<String> scopes(JsonNode scope) {
		if (scope == null) {
			return List.of();
		}
		if (!scope.isString()) {
			throw InvalidAccessTokenException.invalid();
		}
		String text = scope.stringValue().strip();
		return text.isEmpty() ? List.of() : List.of(text.split(" +"));
	}

	/** A token read earlier: only time can have made it invalid since. */
	AccessToken unexpired(AccessToken token) {
		if (this.clock.millis() >= token.expiresAt().toEpochMilli() + this.clockSkewMillis) {
			throw InvalidAccessTokenException.expired();
		}
		return token;
	}

	private boolean hasAudience(JsonNode audience) {
		if (audience == null) {
			return false;
		}
		if (audience.isString()) {
			return this.audience.equals(audience.stringValue());
		}
		if (audience.isArray()) {
			for (JsonNode element : audience) {
				if (element.isString() && this.audience.equals(element.stringValue())) {
					return true;
				}
			}
		}
		return false;
	}

	private static List<String> roles(JsonNode roles) {
		if (roles == null) {
			return List.of();
		}
		if (!roles.isArray()) {
			throw InvalidAccessTokenException.invalid();
		}
		List<String> values = new ArrayList<>(roles.size());
		for (JsonNode role : roles) {
			if (!role.isString()) {
				throw InvalidAccessTokenException.invalid();
			}
			values.add(role.stringValue());
		}
		return values;
	}

}
