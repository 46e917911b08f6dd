package dev.jwtrevocation.starter;

import java.util.List;

/**
 * Whose tokens an issuer signs, and so how the denylist reads them.
 */
public enum IssuerType {

	/**
	 * jwt-revocation itself: RFC 9068 {@code at+jwt} tokens whose {@code sub} is a
	 * username, with {@code jti}, {@code sid} and {@code iat_ms} always present.
	 */
	JWT_REVOCATION(List.of("at+jwt", "application/at+jwt")),

	/**
	 * Any other OpenID provider (Keycloak, Okta, Auth0...): its subjects are namespaced
	 * by its issuer, its issue times are whole seconds, and a token may lack {@code jti}
	 * or {@code sid}. Keycloak signs its access tokens with {@code typ: JWT}, Okta and
	 * Auth0 with {@code JWT} or {@code at+jwt}: all three are accepted unless
	 * {@code token-types} says otherwise.
	 */
	OPENID(List.of("at+jwt", "application/at+jwt", "JWT"));

	private final List<String> defaultTokenTypes;

	IssuerType(List<String> defaultTokenTypes) {
		this.defaultTokenTypes = defaultTokenTypes;
	}

	/** The {@code typ} headers accepted unless configured otherwise. */
	public List<String> defaultTokenTypes() {
		return this.defaultTokenTypes;
	}

}
