package dev.jwtrevocation.oauth;

import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import dev.jwtrevocation.problem.ProblemResponses;
import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.token.AccessTokenIssuer;
import dev.jwtrevocation.token.IssuedAccessToken;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The token endpoint, for one grant: client credentials (RFC 6749 §4.4), by which a
 * configured OAuth client gets a token of its own for the scopes it is granted
 * ({@code oauth.clients[n].scopes}), such as {@code revocation:admin} for the operator
 * API. Users sign in through {@code /auth/login}, not here.
 * <p>
 * The token is an RFC 9068 access token like a user's, with the client as its subject and
 * a {@code scope} claim; it is revocable like any other (RFC 7009, or an operator's
 * {@code client_id} selector).
 */
@RestController
class TokenEndpointController {

	static final String PATH = "/oauth2/token";

	private static final String CLIENT_CREDENTIALS = "client_credentials";

	private final OAuthClients clients;

	private final AccessTokenIssuer issuer;

	private final StringRedisTemplate redis;

	TokenEndpointController(OAuthClients clients, AccessTokenIssuer issuer, StringRedisTemplate redis) {
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(issuer, "issuer cannot be null");
		Assert.notNull(redis, "redis cannot be null");
		this.clients = clients;
		this.issuer = issuer;
		this.redis = redis;
	}

	@Operation(summary = "A client's own access token (client credentials, RFC 6749 section 4.4)",
			description = "Form parameters grant_type=client_credentials and scope (optional: every scope the client "
					+ "is granted); the client authenticates with HTTP Basic or client_id and client_secret.")
	@ApiResponse(responseCode = "200", description = "The token (RFC 6749 section 5.1)")
	@ProblemResponses(
			value = { ProblemType.INVALID_REQUEST, ProblemType.UNSUPPORTED_GRANT_TYPE, ProblemType.INVALID_SCOPE,
					ProblemType.UNAUTHORIZED_CLIENT, ProblemType.INVALID_CLIENT, ProblemType.CLIENT_THROTTLED },
			generic = { 413, 415, 503 })
	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<ClientTokenResponse> token(HttpServletRequest request) {
		String client = this.clients.authenticate(request);
		String grant = request.getParameter("grant_type");
		if (grant == null || grant.isEmpty()) {
			throw new OAuthErrorException(ProblemType.INVALID_REQUEST, "invalid_request",
					"The grant_type parameter is missing");
		}
		if (!CLIENT_CREDENTIALS.equals(grant)) {
			throw new OAuthErrorException(ProblemType.UNSUPPORTED_GRANT_TYPE, "unsupported_grant_type",
					"Only grant_type=client_credentials is offered here; users sign in at /auth/login");
		}
		List<String> granted = this.clients.scopes(client);
		if (granted.isEmpty()) {
			throw new OAuthErrorException(ProblemType.UNAUTHORIZED_CLIENT, "unauthorized_client",
					"This client is granted no scope, so it gets no token of its own");
		}
		List<String> scopes = requested(request.getParameter("scope"), granted);
		Long now = this.redis.execute((RedisCallback<Long>) RedisConnection::time);
		Assert.state(now != null, "Redis answered no time");
		IssuedAccessToken token = this.issuer.issueForClient(client, scopes, now);
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.header("Pragma", "no-cache")
			.body(new ClientTokenResponse(token.value(), "Bearer", token.lifetime().toSeconds(),
					String.join(" ", scopes)));
	}

	/** The scopes asked for, each granted; all granted when none is asked for. */
	private static List<String> requested(String scope, List<String> granted) {
		if (scope == null || scope.isBlank()) {
			return granted;
		}
		List<String> asked = Arrays.stream(scope.trim().split(" +")).distinct().toList();
		if (!granted.containsAll(asked)) {
			throw new OAuthErrorException(ProblemType.INVALID_SCOPE, "invalid_scope",
					"The client is not granted every scope asked for");
		}
		return asked;
	}

	/** RFC 6749 §5.1. */
	record ClientTokenResponse(@JsonProperty("access_token") String accessToken,
			@JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") long expiresIn, String scope) {

		@Override
		public String toString() {
			return "ClientTokenResponse[access_token=<hidden>, scope=" + this.scope + "]";
		}

	}

}
