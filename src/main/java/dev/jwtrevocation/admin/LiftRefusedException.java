package dev.jwtrevocation.admin;

import org.springframework.web.ErrorResponseException;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemType;

/** A lift of a revocation that was not an operator's, or was lifted already: a 409. */
class LiftRefusedException extends ErrorResponseException {

	LiftRefusedException(String detail) {
		super(ProblemType.REVOCATION_NOT_LIFTABLE.status(),
				ProblemDetailWriter.problem(ProblemType.REVOCATION_NOT_LIFTABLE, detail), null);
	}

}
