package dev.jwtrevocation.token;

import org.springframework.security.authentication.AuthenticationServiceException;

/**
 * The denylist could not be read, so whether the token was revoked is unknown and the
 * request is refused (fail closed). The cause, a Redis failure, is kept for the log; the
 * message is for clients.
 */
public class RevocationCheckUnavailableException extends AuthenticationServiceException {

	RevocationCheckUnavailableException(Throwable cause) {
		super("The token revocation store is unavailable; retry later", cause);
	}

}
