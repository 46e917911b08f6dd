package dev.jwtrevocation.admin;

import org.springframework.web.ErrorResponseException;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemType;

/** An operator's request that cannot be carried out as written: a 400, saying why. */
class InvalidRevocationRequestException extends ErrorResponseException {

	InvalidRevocationRequestException(ProblemType type, String detail) {
		super(type.status(), ProblemDetailWriter.problem(type, detail), null);
	}

	static InvalidRevocationRequestException selector(String detail) {
		return new InvalidRevocationRequestException(ProblemType.INVALID_SELECTOR, detail);
	}

	static InvalidRevocationRequestException invalid(String detail) {
		return new InvalidRevocationRequestException(ProblemType.VALIDATION_FAILED, detail);
	}

}
