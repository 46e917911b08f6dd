package dev.jwtrevocation.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import dev.jwtrevocation.revocation.TokenLifetimes;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the access tokens, bound from {@code jwt.*} (environment:
 * {@code JWT_SECRET}, {@code JWT_ISSUER}, {@code JWT_AUDIENCE}, {@code JWT_CLIENT_ID}).
 * The tokens' lifetimes ({@code jwt.access-token-ttl}, {@code jwt.refresh-token-ttl},
 * {@code jwt.clock-skew}) belong to the revocation core's {@link TokenLifetimes}, which
 * resource servers read too.
 * <p>
 * The secret is deliberately not a Bean Validation constraint: Boot's binding failure
 * report prints the rejected value, and a secret must never reach a log.
 * {@link SigningKeyConfiguration} checks it.
 *
 * @param secret base64-encoded HMAC key, at least 32 bytes once decoded
 * @param issuer the {@code iss} claim written and required (RFC 7519 §4.1.1)
 * @param audience the {@code aud} claim written and required (RFC 7519 §4.1.3)
 * @param clientId the {@code client_id} claim written (RFC 9068 §2.2): the client the
 * token was issued to, here the first-party app that signs users in with a password. Not
 * required when verifying, so that tokens issued before it existed stay valid
 * @param keys ES256 signing keys ({@code JWT_KEYS_0_ID}, {@code JWT_KEYS_0_PRIVATE_KEY},
 * {@code JWT_KEYS_0_SIGNS_FROM}, ...): when set, tokens are signed ES256 with a
 * {@code kid} and the public keys are published at {@code /.well-known/jwks.json};
 * {@code secret} must then be unset
 * @param jwksMaxAge how long resource servers may cache the JWK Set
 * ({@code Cache-Control: max-age}); a new key must be configured at least this long
 * before its {@code signs-from}. Spring Security caches a JWK Set for 5 minutes
 * @param verifiedTokenCache how many verified ES256 tokens are remembered, so that a
 * token's signature is verified once rather than on every request (expiry and revocation
 * are still checked every time); 0 turns the cache off
 * @param compromisedKeys ids of leaked ES256 keys ({@code JWT_COMPROMISED_KEYS}, comma
 * separated): each is dropped from {@code keys} (it neither signs, nor verifies, nor is
 * published) and revoked through the denylist, so that every instance and every resource
 * server sharing the Redis refuses its tokens at once, whatever they claim
 */
@ConfigurationProperties("jwt")
@Validated
public record JwtProperties(String secret, @DefaultValue("jwt-revocation") @NotBlank String issuer,
		@DefaultValue("jwt-revocation-api") @NotBlank String audience,
		@DefaultValue("jwt-revocation-client") @NotBlank String clientId, List<Key> keys,
		@DefaultValue("5m") @NotNull @DurationMin(seconds = 0) Duration jwksMaxAge,
		@DefaultValue("20000") @Min(0) int verifiedTokenCache, List<String> compromisedKeys) {

	/**
	 * How long Spring Security's resource servers cache a JWK Set (Nimbus's default),
	 * whatever {@code Cache-Control} says.
	 */
	static final Duration RESOURCE_SERVER_JWK_CACHE = Duration.ofMinutes(5);

	public JwtProperties {
		keys = (keys != null) ? List.copyOf(keys) : List.of();
		compromisedKeys = (compromisedKeys != null) ? List.copyOf(compromisedKeys) : List.of();
	}

	/**
	 * How long a compromised key's denylist entry lives after each write: until every
	 * token the key signed has expired and every cached copy of its public key is gone
	 * (an HTTP cache's {@code max-age}, then a resource server's own cache), clock skew
	 * included. Past that, a token it signs is refused for its unknown {@code kid}.
	 */
	public Duration compromisedKeyRevocation(TokenLifetimes lifetimes) {
		Duration tokens = lifetimes.accessTokenTtl().plus(lifetimes.clockSkew().multipliedBy(2));
		Duration publicKeys = this.jwksMaxAge.plus(RESOURCE_SERVER_JWK_CACHE).plus(lifetimes.clockSkew());
		return (tokens.compareTo(publicKeys) > 0) ? tokens : publicKeys;
	}

	/** Never prints the secret: a record's own toString would. */
	@Override
	public String toString() {
		return "JwtProperties[secret=" + ((this.secret != null) ? "<hidden>" : "null") + ", issuer=" + this.issuer
				+ ", audience=" + this.audience + ", clientId=" + this.clientId + ", keys=" + this.keys
				+ ", jwksMaxAge=" + this.jwksMaxAge + ", verifiedTokenCache=" + this.verifiedTokenCache
				+ ", compromisedKeys=" + this.compromisedKeys + "]";
	}

	/**
	 * One ES256 key.
	 *
	 * @param id its {@code kid}
	 * @param privateKey PEM (PKCS#8) text, or where to read it ({@code file:...})
	 * @param signsFrom from when it signs (ISO-8601, e.g. {@code 2026-12-01T00:00:00Z});
	 * unset: from the start
	 */
	public record Key(String id, String privateKey, Instant signsFrom) {

		/** Never prints the private key. */
		@Override
		public String toString() {
			return "Key[id=" + this.id + ", signsFrom=" + this.signsFrom + "]";
		}

	}

}
