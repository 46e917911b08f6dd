package dev.jwtrevocation.system;

/**
 * A setting the service refuses to start with: the failure analyzer prints its message
 * and the action, one line each, instead of a stack trace. Messages never quote a secret
 * or a key.
 */
public class RefusedConfigurationException extends RuntimeException {

	private final String action;

	public RefusedConfigurationException(String message, String action) {
		super(message);
		this.action = action;
	}

	public String action() {
		return this.action;
	}

}
