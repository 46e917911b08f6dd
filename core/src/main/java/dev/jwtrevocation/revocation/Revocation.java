package dev.jwtrevocation.revocation;

import org.springframework.lang.Nullable;
import org.springframework.util.Assert;

/**
 * Whose tokens a {@link RevokingScript} may revoke: one user's session, and perhaps one
 * token of it.
 *
 * @param username the user
 * @param sessionId the session whose tokens {@code revoke_session} refuses
 * @param token the token {@code revoke_token} refuses, if any
 */
public record Revocation(String username, String sessionId, @Nullable RevocableToken token) {

	public Revocation {
		Assert.hasText(username, "username cannot be empty");
		Assert.hasText(sessionId, "sessionId cannot be empty");
	}

	public static Revocation of(RevocableToken token) {
		return new Revocation(token.subject(), token.sessionId(), token);
	}

	public static Revocation ofSession(String username, String sessionId) {
		return new Revocation(username, sessionId, null);
	}

}
