package dev.jwtrevocation.problem;

import java.io.IOException;

/**
 * A request body that grew past the limit while it was read: thrown from the body's
 * stream, so that whatever reads it (the JSON reader) fails and the failure is answered
 * 413 with the same problem as a {@code Content-Length} over the limit.
 */
public final class RequestBodyTooLargeException extends IOException {

	public RequestBodyTooLargeException(String detail) {
		super(detail);
	}

	/** This exception among {@code ex} and its causes, or {@code null}. */
	static RequestBodyTooLargeException find(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestBodyTooLargeException tooLarge) {
				return tooLarge;
			}
		}
		return null;
	}

}
