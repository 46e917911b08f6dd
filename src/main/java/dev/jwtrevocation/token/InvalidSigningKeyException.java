package dev.jwtrevocation.token;

/**
 * Thrown at startup when {@code JWT_SECRET} cannot be used; its message never contains
 * the secret.
 */
class InvalidSigningKeyException extends RuntimeException {

	InvalidSigningKeyException(String reason) {
		super(reason);
	}

}
