package dev.jwtrevocation.oauth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.jwtrevocation.revocation.RevocationCause;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.session.SessionService;
import dev.jwtrevocation.problem.ProblemResponses;
import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.token.AccessToken;
import dev.jwtrevocation.token.AccessTokenVerifier;
import dev.jwtrevocation.token.InvalidAccessTokenException;
import dev.jwtrevocation.token.TooManyVerificationsException;
import dev.jwtrevocation.token.JwtProperties;

/**
 * Token revocation (RFC 7009) for clients in any language: an access token is revoked
 * (its {@code jti}), a refresh token ends its session (its access tokens with it, §2.1).
 * Like a logout, the 200 comes only once every instance, and every service running the
 * starter, refuses the token.
 * <p>
 * Who may revoke (§2.1): the client the token was issued to, by its {@code client_id}
 * claim; refresh tokens are issued to {@code jwt.client-id}. A token that is invalid,
 * expired or unknown answers 200 as well (§2.2): the caller's goal, that it no longer
 * works, is met.
 */
@RestController
class TokenRevocationController {

	static final String PATH = "/oauth2/revoke";

	private final OAuthClients clients;

	private final AccessTokenVerifier verifier;

	private final RevocationStore revocations;

	private final SessionService sessions;

	private final String firstPartyClient;

	TokenRevocationController(OAuthClients clients, AccessTokenVerifier verifier, RevocationStore revocations,
			SessionService sessions, JwtProperties properties) {
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(verifier, "verifier cannot be null");
		Assert.notNull(revocations, "revocations cannot be null");
		Assert.notNull(sessions, "sessions cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		this.clients = clients;
		this.verifier = verifier;
		this.revocations = revocations;
		this.sessions = sessions;
		this.firstPartyClient = properties.clientId();
	}

	@Operation(summary = "Revoke a token (RFC 7009)",
			description = "Form parameters token and token_type_hint (access_token or refresh_token); the client "
					+ "authenticates with HTTP Basic or client_id and client_secret.")
	@ApiResponse(responseCode = "200", description = "Revoked everywhere, or it was not a live token")
	@ProblemResponses(value = { ProblemType.INVALID_REQUEST, ProblemType.UNAUTHORIZED_CLIENT,
			ProblemType.INVALID_CLIENT, ProblemType.CLIENT_THROTTLED, ProblemType.VERIFICATION_THROTTLED,
			ProblemType.REVOCATION_UNAVAILABLE, ProblemType.VERIFICATION_BUSY }, generic = { 413, 415 })
	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<Void> revoke(HttpServletRequest request) {
		String client = this.clients.authenticate(request);
		String token = OAuthErrorException.requiredToken(request);
		if ("refresh_token".equals(request.getParameter("token_type_hint"))) {
			if (!revokeRefreshToken(client, token)) {
				revokeAccessToken(client, token, request.getRemoteAddr());
			}
		}
		else if (!revokeAccessToken(client, token, request.getRemoteAddr())) {
			revokeRefreshToken(client, token);
		}
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).build();
	}

	private boolean revokeAccessToken(String client, String token, String clientAddress) {
		AccessToken accessToken;
		try {
			accessToken = this.verifier.verify(token, clientAddress);
		}
		catch (TooManyVerificationsException ex) {
			throw ex.asErrorResponse();
		}
		catch (InvalidAccessTokenException ex) {
			return false;
		}
		String issuedTo = (accessToken.clientId() != null) ? accessToken.clientId() : this.firstPartyClient;
		if (!issuedTo.equals(client)) {
			throw notIssuedTo(client);
		}
		this.revocations.revoke(accessToken, RevocationCause.of(RevocationCause.TOKEN_REVOCATION, client));
		return true;
	}

	private boolean revokeRefreshToken(String client, String token) {
		if (!this.firstPartyClient.equals(client)) {
			// only the first-party client holds refresh tokens: say nothing of the token
			return false;
		}
		return this.sessions.revokeRefreshToken(token, client);
	}

	private static OAuthErrorException notIssuedTo(String client) {
		return new OAuthErrorException(ProblemType.UNAUTHORIZED_CLIENT, "unauthorized_client",
				"The token was not issued to client " + client);
	}

}
