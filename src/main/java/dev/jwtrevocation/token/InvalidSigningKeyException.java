package dev.jwtrevocation.token;

import dev.jwtrevocation.system.RefusedConfigurationException;

/**
 * Thrown at startup when {@code JWT_SECRET} or {@code jwt.keys} cannot be used; its
 * message never contains a secret or a key.
 */
public class InvalidSigningKeyException extends RefusedConfigurationException {

	private static final String SECRET_ACTION = "Set JWT_SECRET, for example to the output of 'openssl rand -base64 "
			+ "32', or run with the 'dev' profile to generate a throwaway key.";

	static final String KEYS_ACTION = "Give each jwt.keys[n] an id and a P-256 private key in PEM (PKCS#8), inline or "
			+ "as file:<path>, from 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256'; at least one "
			+ "key must sign now (signs-from unset or in the past).";

	/** {@code JWT_SECRET} cannot be used. */
	static InvalidSigningKeyException secret(String reason) {
		return new InvalidSigningKeyException(reason + ": the signing key must be base64 of at least "
				+ SigningKeyConfiguration.MIN_KEY_BYTES + " random bytes", SECRET_ACTION);
	}

	InvalidSigningKeyException(String reason) {
		this(reason, KEYS_ACTION);
	}

	InvalidSigningKeyException(String reason, String action) {
		super(reason, action);
	}

}
