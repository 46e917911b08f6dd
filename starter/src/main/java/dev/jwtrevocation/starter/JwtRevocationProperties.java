package dev.jwtrevocation.starter;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The starter's settings, bound from {@code jwt.revocation.*}.
 * <p>
 * One issuer: Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}
 * and {@code ...jwt.audiences}, read as {@link #issuerType}. Several issuers: list them
 * under {@link #issuers}, and the starter provides a
 * {@code JwtIssuerAuthenticationManagerResolver} for
 * {@code http.oauth2ResourceServer(...)}.
 *
 * @param enabled whether revocations are checked at all ({@code false}: the decoder
 * stays, the check goes)
 * @param issuerType how the tokens of {@code ...resourceserver.jwt.issuer-uri} are read:
 * {@code jwt-revocation} (default: this project's service) or {@code openid} (Keycloak,
 * Okta, Auth0 or any other OpenID provider)
 * @param tokenTypes the {@code typ} headers accepted from that issuer; empty: the issuer
 * type's defaults
 * @param claims where that issuer's tokens carry what the denylist reads ({@code openid}
 * only)
 * @param issuers several issuers, each read its own way; when set,
 * {@code ...resourceserver.jwt.issuer-uri} must not be
 * @param verifiedTokenCache how verified tokens are remembered, so that a token's
 * signature is checked once rather than on every request
 */
@ConfigurationProperties("jwt.revocation")
@Validated
public record JwtRevocationProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("jwt-revocation") @NotNull IssuerType issuerType, @DefaultValue List<String> tokenTypes,
		@DefaultValue @Valid Claims claims, @DefaultValue @Valid List<Issuer> issuers,
		@DefaultValue @Valid @NotNull VerifiedTokenCacheSettings verifiedTokenCache) {

	/**
	 * The verified-token cache ({@code jwt.revocation.verified-token-cache.*}): a token's
	 * signature is verified once, while expiry, every validator and the revocation check
	 * still run on every request.
	 *
	 * @param enabled {@code true} by default; {@code false} verifies every request's
	 * signature, as Spring does
	 * @param maxBytes the bound on its memory, 32 MB by default (about 20,000 tokens of 1
	 * KB)
	 * @param maxAge how long a verified token is trusted before its signature is checked
	 * again with the keys of the day: 5 minutes by default, Spring's own JWK Set refresh,
	 * so that a key the issuer drops stops validating no later than without the cache
	 */
	public record VerifiedTokenCacheSettings(@DefaultValue("true") boolean enabled,
			@DefaultValue("32MB") @NotNull DataSize maxBytes, @DefaultValue("5m") @NotNull Duration maxAge) {

		static final VerifiedTokenCacheSettings DEFAULT = new VerifiedTokenCacheSettings(true, DataSize.ofMegabytes(32),
				Duration.ofMinutes(5));

	}

	/**
	 * The claims the denylist reads from an OpenID provider's token. Defaults fit
	 * Keycloak, Okta and Auth0.
	 *
	 * @param subject whose token it is: a subject revocation refuses every token of it
	 * issued until then
	 * @param session the provider's login session: a session revocation (back-channel
	 * logout's {@code sid}, CAEP {@code session-revoked}) refuses every token carrying
	 * it; a token without it is refused only by its subject's revocation
	 * @param id the token's own id: a token without it cannot be revoked on its own
	 */
	public record Claims(@DefaultValue("sub") @NotBlank String subject, @DefaultValue("sid") @NotBlank String session,
			@DefaultValue("jti") @NotBlank String id) {

		static final Claims DEFAULT = new Claims("sub", "sid", "jti");

	}

	/**
	 * One issuer of a resource server that accepts several.
	 *
	 * @param issuerUri its issuer identifier, exactly as its tokens' {@code iss} carries
	 * it: discovery and keys are fetched from it, lazily, and from nowhere else
	 * @param type how its tokens are read (required)
	 * @param audiences one of which a token's {@code aud} must contain; empty: any
	 * @param tokenTypes the {@code typ} headers accepted; empty: the type's defaults
	 * @param claims where its tokens carry what the denylist reads ({@code openid} only)
	 */
	public record Issuer(@NotBlank String issuerUri, @NotNull IssuerType type, @DefaultValue List<String> audiences,
			@DefaultValue List<String> tokenTypes, @DefaultValue @Valid Claims claims) {

		List<String> acceptedTokenTypes() {
			return this.tokenTypes.isEmpty() ? this.type.defaultTokenTypes() : this.tokenTypes;
		}

	}

	List<String> acceptedTokenTypes() {
		return this.tokenTypes.isEmpty() ? this.issuerType.defaultTokenTypes() : this.tokenTypes;
	}

}
