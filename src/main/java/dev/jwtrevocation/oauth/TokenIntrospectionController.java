package dev.jwtrevocation.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.jwtrevocation.revocation.RevocationCheck;
import dev.jwtrevocation.session.SessionService;
import dev.jwtrevocation.session.SessionService.ActiveRefreshToken;
import dev.jwtrevocation.problem.ProblemResponses;
import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.token.AccessToken;
import dev.jwtrevocation.token.AccessTokenVerifier;
import dev.jwtrevocation.token.InvalidAccessTokenException;
import dev.jwtrevocation.token.TooManyVerificationsException;
import dev.jwtrevocation.token.JwtProperties;

/**
 * Token introspection (RFC 7662), for resource servers that cannot run the starter: one
 * call per token answers whether it is active, revocation included. A client learns only
 * of tokens meant for it (§4): access tokens issued to it, or for an audience it is
 * configured for ({@code oauth.clients[n].audiences}), and refresh tokens only if it is
 * the first-party client they were issued to; to anyone else every token is
 * {@code {"active": false}}, so introspection is no oracle for a stolen refresh token. A
 * revoked, expired, invalid or unknown token is {@code {"active": false}} and nothing
 * else (§2.2); when the denylist cannot be read the answer is 503, never an
 * {@code active: true} it cannot vouch for. Responses carry
 * {@code Cache-Control: no-store}.
 */
@RestController
class TokenIntrospectionController {

	static final String PATH = "/oauth2/introspect";

	private static final Map<String, Object> INACTIVE = Map.of("active", false);

	private final OAuthClients clients;

	private final AccessTokenVerifier verifier;

	private final RevocationCheck revocations;

	private final SessionService sessions;

	private final JwtProperties properties;

	TokenIntrospectionController(OAuthClients clients, AccessTokenVerifier verifier, RevocationCheck revocations,
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
		this.properties = properties;
	}

	@Operation(summary = "Introspect a token (RFC 7662)",
			description = "Form parameters token and token_type_hint; the client authenticates with HTTP Basic or "
					+ "client_id and client_secret.")
	@ProblemResponses(value = { ProblemType.INVALID_REQUEST, ProblemType.INVALID_CLIENT, ProblemType.CLIENT_THROTTLED,
			ProblemType.VERIFICATION_THROTTLED, ProblemType.REVOCATION_UNAVAILABLE, ProblemType.VERIFICATION_BUSY },
			generic = { 413, 415 })
	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> introspect(HttpServletRequest request) {
		String client = this.clients.authenticate(request);
		String token = OAuthErrorException.requiredToken(request);
		boolean refreshFirst = "refresh_token".equals(request.getParameter("token_type_hint"));
		Optional<Map<String, Object>> answer = refreshFirst
				? refreshToken(client, token).or(() -> accessToken(client, token, request.getRemoteAddr()))
				: accessToken(client, token, request.getRemoteAddr()).or(() -> refreshToken(client, token));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(answer.orElse(INACTIVE));
	}

	private Optional<Map<String, Object>> accessToken(String client, String token, String clientAddress) {
		AccessToken accessToken;
		try {
			accessToken = this.verifier.verify(token, clientAddress);
		}
		catch (TooManyVerificationsException ex) {
			throw ex.asErrorResponse();
		}
		catch (InvalidAccessTokenException ex) {
			return Optional.empty();
		}
		String issuedTo = (accessToken.clientId() != null) ? accessToken.clientId() : this.properties.clientId();
		if (!this.clients.mayIntrospect(client, issuedTo, this.properties.audience())) {
			// not this caller's token: it learns nothing, not even that it is one
			return Optional.of(INACTIVE);
		}
		// a DataAccessException here is a 503: never active without the denylist
		if (this.revocations.isRevoked(accessToken)) {
			return Optional.of(INACTIVE);
		}
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("active", true);
		claims.put("token_type", "Bearer");
		claims.put("client_id", issuedTo);
		claims.put("username", accessToken.subject());
		claims.put("sub", accessToken.subject());
		claims.put("iss", this.properties.issuer());
		claims.put("aud", this.properties.audience());
		claims.put("iat", accessToken.issuedAt().getEpochSecond());
		claims.put("exp", accessToken.expiresAt().getEpochSecond());
		claims.put("jti", accessToken.id());
		claims.put("sid", accessToken.sessionId());
		claims.put("roles", accessToken.roles());
		return Optional.of(claims);
	}

	/** Refresh tokens are the first-party client's: answered to it alone. */
	private Optional<Map<String, Object>> refreshToken(String client, String token) {
		if (!client.equals(this.properties.clientId())) {
			return Optional.empty();
		}
		Optional<ActiveRefreshToken> active = this.sessions.introspectRefreshToken(token);
		return active.map((refresh) -> {
			Map<String, Object> claims = new LinkedHashMap<>();
			claims.put("active", true);
			claims.put("token_type", "refresh_token");
			claims.put("client_id", this.properties.clientId());
			claims.put("username", refresh.username());
			claims.put("sub", refresh.username());
			claims.put("iss", this.properties.issuer());
			claims.put("exp", (System.currentTimeMillis() + refresh.remaining().toMillis()) / 1000);
			claims.put("sid", refresh.sessionId());
			return claims;
		});
	}

}
