package dev.jwtrevocation.oauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import dev.jwtrevocation.redis.RedisKeys;
import dev.jwtrevocation.revocation.RevocationKeys;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.system.RefusedConfigurationException;

/**
 * Authenticates the client calling an OAuth endpoint (RFC 6749 §2.3.1): HTTP Basic with
 * the form-encoded id and secret, or {@code client_id} and {@code client_secret} in the
 * form body, never both. One SHA-256 and a constant-time comparison per call, after one
 * read of the caller's failure budget ({@link ClientAuthenticationThrottle}).
 * <p>
 * Outside the {@code dev} profile, a client whose secret is the published example (the
 * Postman environment's) is refused at start: anyone could revoke any user's token with
 * it.
 */
@Component
class OAuthClients {

	private static final String BASIC = "Basic ";

	/**
	 * The SHA-256 of the example secret that the Postman environment and the docs
	 * publish.
	 */
	static final String PUBLISHED_EXAMPLE_SHA256 = "756e8e531b18bdb72cd310d75d1f3b4c623762d55f66c2aade0650797ef19f9e";

	private final Map<String, byte[]> secretHashes = new HashMap<>();

	private final Map<String, List<String>> audiences = new HashMap<>();

	private final Map<String, List<String>> scopes = new HashMap<>();

	private final ClientAuthenticationThrottle throttle;

	OAuthClients(OAuthClientProperties properties, StringRedisTemplate redis, RedisKeys redisKeys,
			Environment environment) {
		Assert.notNull(properties, "properties cannot be null");
		this.throttle = new ClientAuthenticationThrottle(redis, redisKeys, properties.throttle());
		boolean dev = environment.acceptsProfiles(Profiles.of("dev"));
		for (int i = 0; i < properties.clients().size(); i++) {
			OAuthClientProperties.Client client = properties.clients().get(i);
			String name = "oauth.clients[" + i + "]";
			if (client.id() == null || client.id().isBlank()) {
				throw refused(name + ".id is not set");
			}
			if (client.secretSha256() == null || !client.secretSha256().matches("^[0-9a-fA-F]{64}$")) {
				throw refused(name + ".secret-sha256 is not 64 hex digits");
			}
			if (!dev && client.secretSha256().equalsIgnoreCase(PUBLISHED_EXAMPLE_SHA256)) {
				throw refused(
						name + ".secret-sha256 is the published example's: anyone can authenticate as " + client.id());
			}
			if (this.secretHashes.put(client.id(), HexFormat.of().parseHex(client.secretSha256())) != null) {
				throw refused("two OAuth clients share the id " + client.id());
			}
			if (!client.id().matches(RevocationKeys.CLIENT_ID_PATTERN)) {
				throw refused(name + ".id must be 1 to 64 of A-Z a-z 0-9 . _ ~ -");
			}
			for (String scope : client.scopes()) {
				if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
					throw refused(name + ".scopes holds a scope that is not a scope token (RFC 6749 section 3.3)");
				}
			}
			this.audiences.put(client.id(), client.audiences());
			this.scopes.put(client.id(), client.scopes());
		}
	}

	/**
	 * The authenticated client's id.
	 * @throws InvalidClientException if the request authenticates no configured client
	 */
	String authenticate(HttpServletRequest request) {
		String query = request.getQueryString();
		if (query != null && !query.isEmpty()) {
			// credentials and tokens in a URL end up in every proxy's access log
			throw new OAuthErrorException(ProblemType.INVALID_REQUEST, "invalid_request",
					"Parameters belong in the form body, never in the URL (RFC 6749 section 2.3.1)");
		}
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		String formId = request.getParameter("client_id");
		String formSecret = request.getParameter("client_secret");
		String id;
		String secret;
		if (header != null) {
			if (formSecret != null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
				throw new InvalidClientException();
			}
			String decoded;
			try {
				decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
						StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidClientException();
			}
			int colon = decoded.indexOf(':');
			if (colon < 0) {
				throw new InvalidClientException();
			}
			try {
				id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
				secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				// a malformed %-escape: a bad credential like any other, never a 500 (nor
				// a stack trace quoting what the client wrote)
				throw new InvalidClientException();
			}
		}
		else {
			id = formId;
			secret = formSecret;
		}
		byte[] expected = (id != null) ? this.secretHashes.get(id) : null;
		String known = (expected != null) ? id : null;
		String address = request.getRemoteAddr();
		Optional<Duration> refused = this.throttle.refusal(known, address);
		if (refused.isPresent()) {
			throw new ClientThrottledException(refused.get());
		}
		if (id == null || secret == null) {
			this.throttle.failed(known, address);
			throw new InvalidClientException();
		}
		// hashed either way, so that an unknown id takes as long as a wrong secret
		byte[] presented = sha256(secret);
		if (expected == null || !MessageDigest.isEqual(expected, presented)) {
			this.throttle.failed(known, address);
			throw new InvalidClientException();
		}
		return id;
	}

	/** What a token of the client's own may do: none if it may get none. */
	List<String> scopes(String client) {
		return this.scopes.getOrDefault(client, List.of());
	}

	/**
	 * Whether {@code client} may learn about a token issued to {@code issuedTo} for
	 * {@code audience} (RFC 7662 §4: a client learns only of tokens meant for it).
	 */
	boolean mayIntrospect(String client, String issuedTo, String audience) {
		return client.equals(issuedTo) || this.audiences.getOrDefault(client, List.of()).contains(audience);
	}

	private static RefusedConfigurationException refused(String message) {
		return new RefusedConfigurationException(message, "Give each oauth.clients[n] an id and the SHA-256 of its "
				+ "secret in hex: secret=$(openssl rand -hex 32); printf %s \"$secret\" | sha256sum");
	}

	private static byte[] sha256(String secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
		}
	}

}
