package dev.jwtrevocation.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.jwtrevocation.problem.ProblemDetailWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.util.Assert;

/**
 * 403 for an authenticated caller without the required role, with the
 * {@code insufficient_scope} challenge of RFC 6750 §3.1 and the same problem+json body as
 * every other failure.
 */
final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

	private final ProblemDetailWriter writer;

	ProblemAccessDeniedHandler(ProblemDetailWriter writer) {
		Assert.notNull(writer, "writer cannot be null");
		this.writer = writer;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
		this.writer.write(request, response,
				ProblemDetailWriter.problem(HttpStatus.FORBIDDEN, "The access token does not grant this request"));
	}

}
