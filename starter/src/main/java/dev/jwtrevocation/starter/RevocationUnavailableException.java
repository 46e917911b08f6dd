package dev.jwtrevocation.starter;

import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Neither the mirror nor Redis could say whether a token is revoked. A
 * {@link JwtException} that is not a {@code BadJwtException}, so that Spring Security
 * turns it into an authentication service failure (never a 401, never a success), which
 * {@link RevocationUnavailableFilter} answers with 503.
 */
public class RevocationUnavailableException extends JwtException {

	RevocationUnavailableException(Throwable cause) {
		super("The revocation check is unavailable", cause);
	}

}
