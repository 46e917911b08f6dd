package dev.jwtrevocation.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.jwtrevocation.problem.ProblemDetailWriter;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.util.Assert;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * Spring's CORS processing, except that a request from an origin that is not allowed gets
 * the same problem+json 403 as every other refusal instead of the plain-text "Invalid
 * CORS request". No {@code Access-Control-*} header is written for such an origin.
 */
final class ProblemCorsProcessor extends DefaultCorsProcessor {

	private final ProblemDetailWriter writer;

	ProblemCorsProcessor(ProblemDetailWriter writer) {
		Assert.notNull(writer, "writer cannot be null");
		this.writer = writer;
	}

	@Override
	public boolean processRequest(CorsConfiguration configuration, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		boolean allowed = super.processRequest(configuration, request, response);
		if (!allowed) {
			this.writer.write(request, response,
					ProblemDetailWriter.problem(HttpStatus.FORBIDDEN, "This origin may not call the API"));
		}
		return allowed;
	}

	@Override
	protected void rejectRequest(ServerHttpResponse response) {
		// processRequest writes the refusal, with the request at hand for the problem's
		// instance
	}

}
