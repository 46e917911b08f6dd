package dev.jwtrevocation.problem;

import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error a controller raises becomes an RFC 9457 problem+json: Spring MVC's own
 * exceptions (400, 404, 405, 415, ...) through the base class, plus the cases of this
 * service.
 * <ul>
 * <li>Redis unreachable or too slow: 503 with {@code Retry-After}, never a success;</li>
 * <li>a body that grew past the request-body limit while it was read
 * ({@link RequestBodyTooLargeException}): 413;</li>
 * <li>invalid fields: 400 listing the fields, never echoing their values;</li>
 * <li>anything unexpected: 500 with a generic text, the stack trace only in the log.</li>
 * </ul>
 */
@RestControllerAdvice
class ProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(ProblemDetailsExceptionHandler.class);

	@ExceptionHandler(DataAccessException.class)
	ResponseEntity<Object> handleRedisFailure(DataAccessException ex, WebRequest request) {
		// an outage would log this for every request: health and Lettuce's reconnect log
		// report it once
		logger.debug("Redis call failed", ex);
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, ProblemDetailWriter.RETRY_AFTER_SECONDS);
		return handleExceptionInternal(ex,
				ProblemDetailWriter.problem(ProblemType.REVOCATION_UNAVAILABLE,
						"The token store is unavailable; retry later"),
				headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		logger.error("Unexpected failure", ex);
		return problem(ex, HttpStatus.INTERNAL_SERVER_ERROR, "The request could not be processed", new HttpHeaders(),
				request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.find(ex);
		if (tooLarge != null) {
			return problem(ex, HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage(), headers, request);
		}
		return problem(ex, HttpStatus.BAD_REQUEST, "The request body is not valid JSON of the expected shape", headers,
				request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetailWriter.problem(ProblemType.VALIDATION_FAILED,
				"The request has invalid fields");
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
			.toList();
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	private ResponseEntity<Object> problem(Exception ex, HttpStatus status, String detail, HttpHeaders headers,
			WebRequest request) {
		return handleExceptionInternal(ex, ProblemDetailWriter.problem(status, detail), headers, status, request);
	}

}
