package dev.jwtrevocation.revocation;

/**
 * Whether a verified access token was revoked. The bearer filter asks this on every
 * authenticated request; {@link RevocationStore} is the answer.
 */
@FunctionalInterface
public interface RevocationCheck {

	/**
	 * @param token a token whose signature and claims were verified
	 * @return {@code true} if the token must be refused
	 * @throws org.springframework.dao.DataAccessException if the answer needs Redis and
	 * Redis could not give it; callers must then refuse the request
	 */
	boolean isRevoked(RevocableToken token);

}
