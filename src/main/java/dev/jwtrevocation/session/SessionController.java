package dev.jwtrevocation.session;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemResponses;
import dev.jwtrevocation.token.AccessToken;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.Assert;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's view of where they are logged in, and the way to end one of those logins:
 * "sign out that phone".
 */
@RestController
@RequestMapping("/auth/sessions")
@SecurityRequirement(name = "bearer")
class SessionController {

	private final SessionService sessions;

	SessionController(SessionService sessions) {
		Assert.notNull(sessions, "sessions cannot be null");
		this.sessions = sessions;
	}

	@Operation(summary = "The user's sessions: where they are logged in")
	@ApiResponse(responseCode = "200", description = "Every live session, the caller's marked current")
	@GetMapping
	List<SessionView> list(@AuthenticationPrincipal AccessToken token) {
		return this.sessions.list(token.subject())
			.stream()
			.map((session) -> SessionView.of(session, session.id().equals(token.sessionId())))
			.toList();
	}

	@Operation(summary = "End one session: sign out that phone",
			description = "Revokes the session's tokens; 204 only once every instance refuses them.")
	@ApiResponse(responseCode = "204", description = "Ended and revoked everywhere")
	@ProblemResponses(generic = 404)
	@DeleteMapping("/{id}")
	ResponseEntity<Void> end(@AuthenticationPrincipal AccessToken token, @PathVariable String id) {
		if (!RefreshToken.isSessionId(id) || !this.sessions.end(token.subject(), id)) {
			throw new ErrorResponseException(HttpStatus.NOT_FOUND,
					ProblemDetailWriter.problem(HttpStatus.NOT_FOUND, "No such session"), null);
		}
		return ResponseEntity.noContent().build();
	}

	record SessionView(String id, @JsonProperty("created_at") Instant createdAt,
			@JsonProperty("last_used_at") Instant lastUsedAt, @JsonProperty("user_agent") String userAgent, String ip,
			boolean current) {

		static SessionView of(Session session, boolean current) {
			return new SessionView(session.id(), session.createdAt(), session.lastUsedAt(), session.userAgent(),
					session.ip(), current);
		}

	}

}
