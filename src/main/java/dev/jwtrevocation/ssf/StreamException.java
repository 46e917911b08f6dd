package dev.jwtrevocation.ssf;

import org.springframework.web.ErrorResponseException;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemType;

/** A stream-management call that cannot be carried out: its problem, saying why. */
class StreamException extends ErrorResponseException {

	StreamException(ProblemType type, String detail) {
		super(type.status(), ProblemDetailWriter.problem(type, detail), null);
	}

	static StreamException invalid(String detail) {
		return new StreamException(ProblemType.INVALID_STREAM, detail);
	}

	static StreamException notFound() {
		return new StreamException(ProblemType.STREAM_NOT_FOUND, "No stream of this client has that stream_id");
	}

}
