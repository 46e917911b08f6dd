package dev.jwtrevocation.user;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.jwtrevocation.token.AccessToken;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The protected resource of this service: who the bearer of the access token is. It
 * answers from the verified token alone, with no user lookup.
 */
@RestController
class MeController {

	@Operation(summary = "Who the bearer of the access token is",
			description = "Answered from the verified token alone, no user lookup: the protected resource.")
	@ApiResponse(responseCode = "200", description = "The token's subject and claims")
	@SecurityRequirement(name = "bearer")
	@GetMapping("/api/me")
	Me me(@AuthenticationPrincipal AccessToken token) {
		return new Me(token.subject(), token.roles(), token.id(), token.sessionId(), token.issuedAt(),
				token.expiresAt());
	}

	record Me(String username, List<String> roles, String jti, String sid, @JsonProperty("issued_at") Instant issuedAt,
			@JsonProperty("expires_at") Instant expiresAt) {
	}

}
