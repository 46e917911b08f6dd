package dev.jwtrevocation.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import dev.jwtrevocation.problem.ProblemResponses;
import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.session.IssuedTokens;
import dev.jwtrevocation.session.SessionService;
import dev.jwtrevocation.token.AccessToken;
import dev.jwtrevocation.user.User;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Register, log in, refresh, log out, log out everywhere.
 * <p>
 * Logging out revokes at once: the presented access token goes on the denylist every
 * instance consults, its session ends so its refresh token dies, and 204 is sent only
 * once Redis has acknowledged it.
 */
@RestController
@RequestMapping("/auth")
class AuthController {

	private static final int MAX_USER_AGENT_LENGTH = 256;

	private final CredentialService credentials;

	private final SessionService sessions;

	AuthController(CredentialService credentials, SessionService sessions) {
		Assert.notNull(credentials, "credentials cannot be null");
		Assert.notNull(sessions, "sessions cannot be null");
		this.credentials = credentials;
		this.sessions = sessions;
	}

	@Operation(summary = "Create an account",
			description = "Costs a password hash: admitted, never queued without bound, "
					+ "and throttled per address.")
	@ApiResponse(responseCode = "201", description = "Registered")
	@ProblemResponses(value = { ProblemType.VALIDATION_FAILED, ProblemType.USERNAME_TAKEN, ProblemType.LOGIN_THROTTLED,
			ProblemType.HASHING_BUSY, ProblemType.REVOCATION_UNAVAILABLE }, generic = { 400, 413, 415 })
	@PostMapping("/register")
	ResponseEntity<RegisteredUser> register(@Valid @RequestBody RegistrationRequest request, HttpServletRequest http) {
		String username = this.credentials.register(request.username(), request.password(), http.getRemoteAddr())
			.username();
		return ResponseEntity.status(HttpStatus.CREATED).body(new RegisteredUser(username));
	}

	record RegisteredUser(String username) {
	}

	@Operation(summary = "Log in: an access token and a refresh token",
			description = "Starts a session. The answer carries Cache-Control: no-store.")
	@ApiResponse(responseCode = "200", description = "Logged in")
	@ProblemResponses(value = { ProblemType.VALIDATION_FAILED, ProblemType.INVALID_CREDENTIALS,
			ProblemType.LOGIN_THROTTLED, ProblemType.HASHING_BUSY, ProblemType.REVOCATION_UNAVAILABLE },
			generic = { 400, 413, 415 })
	@PostMapping("/login")
	ResponseEntity<TokenResponse> login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		User user = this.credentials.authenticate(request.username(), request.password(), http.getRemoteAddr());
		return tokens(this.sessions.start(user, userAgent(http), http.getRemoteAddr()));
	}

	@Operation(summary = "Trade a refresh token for new tokens",
			description = "Refresh tokens are single use: presenting one that was already rotated out ends the "
					+ "session (reuse detection), except the one just rotated out within the reuse grace.")
	@ApiResponse(responseCode = "200", description = "New tokens; the presented refresh token is spent")
	@ProblemResponses(value = { ProblemType.VALIDATION_FAILED, ProblemType.SESSION_ENDED, ProblemType.REFRESH_THROTTLED,
			ProblemType.REVOCATION_UNAVAILABLE }, generic = { 400, 413, 415 })
	@PostMapping("/refresh")
	ResponseEntity<TokenResponse> refresh(@Valid @RequestBody RefreshRequest request, HttpServletRequest http) {
		return tokens(this.sessions.refresh(request.refreshToken(), http.getRemoteAddr()));
	}

	@Operation(summary = "Log out: revoke this access token and end its session",
			description = "204 only once every instance refuses the token.")
	@ApiResponse(responseCode = "204", description = "Revoked everywhere")
	@SecurityRequirement(name = "bearer")
	@PostMapping("/logout")
	ResponseEntity<Void> logout(@AuthenticationPrincipal AccessToken token) {
		this.sessions.logout(token);
		return ResponseEntity.noContent().build();
	}

	@Operation(summary = "Log out everywhere: revoke every token of the user issued until now",
			description = "Ends every session too. 204 only once every instance refuses them.")
	@ApiResponse(responseCode = "204", description = "Revoked everywhere")
	@SecurityRequirement(name = "bearer")
	@PostMapping("/logout-all")
	ResponseEntity<Void> logoutAll(@AuthenticationPrincipal AccessToken token) {
		this.sessions.logoutAll(token.subject());
		return ResponseEntity.noContent().build();
	}

	private static ResponseEntity<TokenResponse> tokens(IssuedTokens tokens) {
		// RFC 6749 §5.1: responses carrying tokens must not be stored by any cache
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.header(HttpHeaders.PRAGMA, "no-cache")
			.body(TokenResponse.of(tokens));
	}

	private static String userAgent(HttpServletRequest request) {
		String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
		if (!StringUtils.hasText(userAgent)) {
			return "";
		}
		return (userAgent.length() > MAX_USER_AGENT_LENGTH) ? userAgent.substring(0, MAX_USER_AGENT_LENGTH) : userAgent;
	}

}
