package dev.jwtrevocation.system;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OperationCustomizer;

import dev.jwtrevocation.problem.ProblemResponses;
import dev.jwtrevocation.problem.ProblemType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI 3.1 document at {@code /v3/api-docs} (springdoc): every endpoint, the
 * bearer scheme, and one problem+json schema with an example per {@link ProblemType}, so
 * that a generated client knows each failure's {@code type}.
 * <p>
 * Endpoints declare what they answer with {@link ProblemResponses}; those that require a
 * bearer token ({@code @SecurityRequirement(name = "bearer")}) get the token's failures
 * added here, once, instead of on every method. Swagger UI is served only in the
 * {@code dev} profile.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String BEARER = "bearer";

	private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private static final Set<ProblemType> BEARER_FAILURES = EnumSet.of(ProblemType.AUTHENTICATION_REQUIRED,
			ProblemType.TOKEN_EXPIRED, ProblemType.TOKEN_REVOKED, ProblemType.TOKEN_INVALID,
			ProblemType.INVALID_AUTHORIZATION_HEADER, ProblemType.REVOCATION_UNAVAILABLE,
			ProblemType.VERIFICATION_THROTTLED, ProblemType.VERIFICATION_BUSY);

	/**
	 * The document's server is the configured issuer, or {@code /}: springdoc would
	 * otherwise build it from the request's {@code Host} ({@link PublicUrl}).
	 */
	@Bean
	OpenAPI openApi(Environment environment) {
		String server = PublicUrl.of(environment.getProperty("jwt.issuer"));
		return new OpenAPI().servers(List.of(new Server().url(server.isEmpty() ? "/" : server)))
			.info(new Info().title("jwt-revocation")
				.version("0.1.0")
				.description("Issues JWT access tokens and takes them back instantly: from the moment a logout "
						+ "answers 204, every instance refuses the token. Every failure is RFC 9457 "
						+ "problem+json; a client branches on its `type`.")
				.license(new License().name("Apache-2.0")))
			.components(new Components()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("The access_token of /auth/login or /auth/refresh (RFC 6750)"))
				.addSchemas("Problem", problemSchema()));
	}

	@Bean
	OperationCustomizer problemResponses() {
		return (operation, handler) -> {
			ProblemResponses declared = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(),
					ProblemResponses.class);
			Set<ProblemType> types = EnumSet.noneOf(ProblemType.class);
			if (requiresBearer(handler)) {
				types.addAll(BEARER_FAILURES);
			}
			Map<Integer, List<ProblemType>> byStatus = new TreeMap<>();
			if (declared != null) {
				types.addAll(List.of(declared.value()));
				for (int status : declared.generic()) {
					byStatus.putIfAbsent(status, new ArrayList<>());
				}
			}
			types
				.forEach((type) -> byStatus.computeIfAbsent(type.status().value(), (s) -> new ArrayList<>()).add(type));
			byStatus.forEach((status, ofStatus) -> addProblems(operation, status, ofStatus));
			return operation;
		};
	}

	private static boolean requiresBearer(HandlerMethod handler) {
		return AnnotatedElementUtils.hasAnnotation(handler.getMethod(), SecurityRequirement.class)
				|| AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), SecurityRequirement.class);
	}

	private static void addProblems(Operation operation, int status, List<ProblemType> types) {
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"));
		StringBuilder description = new StringBuilder();
		if (types.isEmpty()) {
			HttpStatus httpStatus = HttpStatus.valueOf(status);
			description.append(httpStatus.getReasonPhrase());
			media.addExamples("about-blank", new Example().value(example(null, httpStatus)));
		}
		for (ProblemType type : types) {
			description.append((description.length() > 0) ? "; " : "")
				.append(type.title())
				.append(" (`")
				.append(type.uri())
				.append("`)");
			media.addExamples(type.uri().toString().substring(ProblemType.PREFIX.length()),
					new Example().summary(type.title()).value(example(type, type.status())));
		}
		ApiResponse response = new ApiResponse().description(description.toString())
			.content(new Content().addMediaType(PROBLEM_JSON, media));
		if (status == 503 || status == 429) {
			response.addHeaderObject(HttpHeaders.RETRY_AFTER,
					new io.swagger.v3.oas.models.headers.Header().description("Seconds to wait before retrying")
						.schema(new Schema<Integer>().type("integer")));
		}
		operation.getResponses().addApiResponse(String.valueOf(status), response);
	}

	private static Map<String, Object> example(ProblemType type, HttpStatus status) {
		Map<String, Object> example = new LinkedHashMap<>();
		if (type != null) {
			example.put("type", type.uri().toString());
		}
		example.put("title", (type != null) ? type.title() : status.getReasonPhrase());
		example.put("status", status.value());
		example.put("detail", "A sentence for people; clients branch on type");
		example.put("instance", "/api/me");
		return example;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema<?> problemSchema() {
		Schema errors = new Schema<>().type("array")
			.description("validation-failed only: the invalid fields (never their values)")
			.items(new ObjectSchema().addProperty("field", new Schema<String>().type("string"))
				.addProperty("message", new Schema<String>().type("string")));
		return new ObjectSchema().description("RFC 9457 problem details: the body of every failure")
			.addProperty("type",
					new Schema<String>().type("string")
						.format("uri")
						.description("What went wrong, for a program: one of the " + ProblemType.PREFIX
								+ "* URIs, or absent (about:blank)"))
			.addProperty("title", new Schema<String>().type("string"))
			.addProperty("status", new Schema<Integer>().type("integer"))
			.addProperty("detail", new Schema<String>().type("string"))
			.addProperty("instance", new Schema<String>().type("string").format("uri-reference"))
			.addProperty("errors", errors)
			.required(List.of("title", "status"));
	}

}
