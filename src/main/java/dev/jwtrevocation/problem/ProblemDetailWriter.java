package dev.jwtrevocation.problem;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Writes an RFC 9457 problem+json body from outside Spring MVC, where
 * {@code @RestControllerAdvice} never runs: security filters, entry points, servlet
 * filters.
 * <p>
 * It serializes with the application's {@link JsonMapper}, which Spring Boot equips with
 * the same {@link ProblemDetail} mix-in MVC uses, and fills {@code instance} as MVC does,
 * so a client sees one error shape whichever layer refused its request.
 */
@Component
public final class ProblemDetailWriter {

	/**
	 * Seconds a client should wait after a 503: long enough not to hammer a recovering
	 * Redis.
	 */
	public static final String RETRY_AFTER_SECONDS = "5";

	private final JsonMapper jsonMapper;

	ProblemDetailWriter(JsonMapper jsonMapper) {
		Assert.notNull(jsonMapper, "jsonMapper cannot be null");
		this.jsonMapper = jsonMapper;
	}

	/**
	 * A problem with the status's reason phrase as its title, the shape every error of
	 * this API has.
	 */
	public static ProblemDetail problem(HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(status.getReasonPhrase());
		return problem;
	}

	/**
	 * A problem a client acts on: its own {@code type} URI and title, the status that
	 * goes with it.
	 */
	public static ProblemDetail problem(ProblemType type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
		problem.setType(type.uri());
		problem.setTitle(type.title());
		return problem;
	}

	public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		if (problem.getInstance() == null) {
			problem.setInstance(URI.create(request.getRequestURI()));
		}
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
