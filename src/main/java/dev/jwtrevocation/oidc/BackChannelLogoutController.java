package dev.jwtrevocation.oidc;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.jwtrevocation.problem.ProblemResponses;
import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.revocation.RevocationCause;
import dev.jwtrevocation.revocation.TokenLifetimes;

/**
 * OpenID Connect Back-Channel Logout 1.0: a provider POSTs a signed {@code logout_token}
 * when a session ends there ({@code POST /oidc/backchannel-logout}, form field
 * {@code logout_token}).
 * <ul>
 * <li>A token naming a {@code sid} revokes that session at its provider: every token
 * carrying that {@code sid} is refused. A token naming only a {@code sub} revokes every
 * token of that subject issued until the logout.</li>
 * <li>200 only once the revocation is durable and every mirror (this service's instances,
 * every resource server with the starter) holds it: the rule of a logout. Keycloak sends
 * the token before its own logout call returns, so from that return on every resource
 * server refuses the session's tokens.</li>
 * <li>400 with {@code error}/{@code error_description} for a token that fails a check
 * ({@link LogoutTokenValidator}) or was already applied; 503 with {@code Retry-After} if
 * Redis or the mirrors did not confirm (the provider's retry is applied).</li>
 * <li>Always {@code Cache-Control: no-store}.</li>
 * </ul>
 */
@RestController
class BackChannelLogoutController {

	static final String CHANNEL = RevocationCause.BACKCHANNEL_LOGOUT;

	private final OpenIdProviders providers;

	private final LogoutTokenValidator validator;

	private final SignalReplays replays;

	private final ProviderRevocations revocations;

	private final SignalMeters meters;

	private final Duration skew;

	BackChannelLogoutController(OpenIdProviders providers, LogoutTokenValidator validator, SignalReplays replays,
			ProviderRevocations revocations, SignalMeters meters, TokenLifetimes lifetimes) {
		this.providers = providers;
		this.validator = validator;
		this.replays = replays;
		this.revocations = revocations;
		this.meters = meters;
		this.skew = lifetimes.clockSkew();
	}

	@Operation(summary = "OpenID Connect Back-Channel Logout 1.0",
			description = "Form parameter logout_token, signed by a configured provider (revocation.providers[n]). "
					+ "A sid revokes that provider session, a sub alone the subject until the logout.")
	@ApiResponse(responseCode = "200", description = "Revoked everywhere: every mirror holds it")
	@ProblemResponses(value = { ProblemType.INVALID_REQUEST, ProblemType.REVOCATION_UNAVAILABLE },
			generic = { 413, 415 })
	@PostMapping(path = "/oidc/backchannel-logout", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<Void> logout(HttpServletRequest request, HttpServletResponse response) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		LogoutToken token;
		try {
			if (request.getQueryString() != null) {
				throw new InvalidLogoutTokenException("The logout token must be sent in the body, not the query");
			}
			token = this.validator.validate(request.getParameter("logout_token"), this.providers::find);
			if (!this.replays.claim(token.provider().issuer(), token.id(), token.expiresAt().plus(this.skew))) {
				throw new InvalidLogoutTokenException("The logout token was already used");
			}
		}
		catch (InvalidLogoutTokenException ex) {
			this.meters.received(null, CHANNEL, "invalid");
			throw ex;
		}
		String issuer = token.provider().issuer();
		try {
			if (token.sessionId() != null) {
				this.revocations.revokeSession(issuer, token.sessionId(), CHANNEL, null);
			}
			else {
				// the logout's iat on the provider's clock, to the end of its second
				this.revocations.revokeSubject(issuer, token.subject(), token.issuedAt().toEpochMilli() + 999, CHANNEL,
						null);
			}
		}
		catch (DataAccessException ex) {
			this.meters.received(issuer, CHANNEL, "unavailable");
			this.replays.release(issuer, token.id());
			throw ex;
		}
		this.meters.received(issuer, CHANNEL, "revoked");
		return ResponseEntity.ok().build();
	}

}
