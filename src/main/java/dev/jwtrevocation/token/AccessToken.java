package dev.jwtrevocation.token;

import java.time.Instant;
import java.util.List;

import dev.jwtrevocation.revocation.RevocableToken;

import org.springframework.util.Assert;

/**
 * The verified claims of an access token (RFC 9068): what the rest of the application may
 * trust once {@link AccessTokenVerifier} has checked signature, type, issuer, audience
 * and lifetime and the revocation store has found its {@code jti} absent from the
 * denylist.
 * <p>
 * The serialized token itself is deliberately not kept: nothing downstream needs it, and
 * what is not held cannot leak into a log or a Redis value.
 *
 * @param id the {@code jti} claim, the key of this token in the denylist
 * @param subject the {@code sub} claim, the username
 * @param sessionId the {@code sid} claim, the login session the token was issued under
 * @param roles the {@code roles} claim
 * @param issuedAt the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 * @param issuedAtMillis the {@code iat_ms} claim: issue time in milliseconds on Redis's
 * clock, which is the clock a logout-all cutoff is taken from
 * @param clientId the {@code client_id} claim (RFC 9068 §2.2), {@code null} in tokens
 * issued before it was written
 * @param keyId the {@code kid} header of the ES256 key that signed it, {@code null} for
 * HS256
 * @param scopes the {@code scope} claim (RFC 9068 §2.2.3), which only a client's own
 * token (client credentials, RFC 6749 §4.4) carries: a user's token has none
 */
public record AccessToken(String id, String subject, String sessionId, List<String> roles, Instant issuedAt,
		Instant expiresAt, long issuedAtMillis, String clientId, String keyId,
		List<String> scopes) implements RevocableToken {

	/** A user's token, which carries no scope. */
	public AccessToken(String id, String subject, String sessionId, List<String> roles, Instant issuedAt,
			Instant expiresAt, long issuedAtMillis, String clientId, String keyId) {
		this(id, subject, sessionId, roles, issuedAt, expiresAt, issuedAtMillis, clientId, keyId, List.of());
	}

	public AccessToken {
		Assert.hasText(id, "id cannot be empty");
		Assert.hasText(subject, "subject cannot be empty");
		Assert.hasText(sessionId, "sessionId cannot be empty");
		Assert.notNull(roles, "roles cannot be null");
		Assert.notNull(issuedAt, "issuedAt cannot be null");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		roles = List.copyOf(roles);
		scopes = (scopes != null) ? List.copyOf(scopes) : List.of();
	}

	/**
	 * Whether it is a client's own token (client credentials), not a user's: its subject
	 * is then the client.
	 */
	public boolean isClientToken() {
		return !this.scopes.isEmpty();
	}

}
