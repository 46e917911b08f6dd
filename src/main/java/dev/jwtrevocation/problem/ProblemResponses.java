package dev.jwtrevocation.problem;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The failures an endpoint answers, for its OpenAPI description: each becomes a
 * problem+json response with the type's URI and an example
 * ({@code OpenApiConfiguration}). The failures of a bearer token are added to every
 * endpoint that requires one, so they are not listed here.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ProblemResponses {

	/** The failures a client acts on. */
	ProblemType[] value() default {};

	/** Other statuses the endpoint answers with an {@code about:blank} problem. */
	int[] generic() default {};

}
