package dev.jwtrevocation.oidc;

import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * One provider's discovery document and JWK Set, fetched from the URLs its configured
 * issuer names and from nowhere else: {@code <issuer>/.well-known/openid-configuration}
 * (or, where that is 404, the RFC 8414 {@code /.well-known/oauth-authorization-server}),
 * whose {@code issuer} must be the configured one, then its {@code jwks_uri}. Answers are
 * bounded in size and time, and redirects are not followed.
 * <p>
 * A logout token naming a key the set lacks makes it fetch the set again, at most once
 * per {@link #REFETCH_INTERVAL}: a provider rotating its keys is followed within that
 * time, and nobody can make this service fetch more often by sending unknown
 * {@code kid}s.
 */
final class ProviderKeys {

	static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);

	private final OpenIdProviderProperties.Provider provider;

	private final ProviderHttp http;

	private final Clock clock;

	private volatile URI jwksUri;

	private volatile URI tokenEndpoint;

	private volatile Set<String> streamAudiences = Set.of();

	private volatile JWKSet keys = new JWKSet();

	private volatile long lastFetchMillis = Long.MIN_VALUE / 2;

	private volatile String failure = "not fetched yet";

	ProviderKeys(OpenIdProviderProperties.Provider provider, ProviderHttp http, Clock clock) {
		this.provider = provider;
		this.http = http;
		this.clock = clock;
	}

	OpenIdProviderProperties.Provider provider() {
		return this.provider;
	}

	/** The provider's token endpoint, {@code null} until discovery named one. */
	URI tokenEndpoint() {
		return this.tokenEndpoint;
	}

	/**
	 * The {@code aud} of the provider's SSF stream as the transmitter answered it
	 * (Keycloak: {@code <client>/<stream id>}), accepted beside the configured audience.
	 */
	Set<String> streamAudiences() {
		return this.streamAudiences;
	}

	void streamAudiences(Set<String> audiences) {
		this.streamAudiences = Set.copyOf(audiences);
	}

	ProviderHttp http() {
		return this.http;
	}

	private static boolean isHttp(String uri) {
		return uri.startsWith("https://") || uri.startsWith("http://");
	}

	/** The keys fetched last; empty until discovery succeeded. */
	JWKSet keys() {
		return this.keys;
	}

	/** Whether the last fetch succeeded. */
	boolean isReachable() {
		return this.failure == null;
	}

	/** Why the last fetch failed, {@code null} if it did not. */
	String failure() {
		return this.failure;
	}

	/**
	 * Fetches discovery (until it once succeeded) and the JWK Set.
	 * @return whether it succeeded
	 */
	synchronized boolean fetch() {
		this.lastFetchMillis = this.clock.millis();
		try {
			if (this.jwksUri == null) {
				this.jwksUri = discover();
			}
			this.keys = JWKSet.parse(this.http.get(this.jwksUri));
			this.failure = null;
			return true;
		}
		catch (IOException | ParseException | RuntimeException ex) {
			this.failure = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.failure = "interrupted";
			return false;
		}
	}

	/**
	 * Fetches the JWK Set again if the last fetch is older than
	 * {@link #REFETCH_INTERVAL}: a token named a key the set lacks.
	 * @return whether it fetched
	 */
	boolean refetchIfDue() {
		if (this.clock.millis() - this.lastFetchMillis < REFETCH_INTERVAL.toMillis()) {
			return false;
		}
		synchronized (this) {
			if (this.clock.millis() - this.lastFetchMillis < REFETCH_INTERVAL.toMillis()) {
				return false;
			}
			return fetch();
		}
	}

	private URI discover() throws IOException, InterruptedException {
		String issuer = this.provider.issuer();
		String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		Map<String, Object> document;
		try {
			document = this.http.getJson(URI.create(base + "/.well-known/openid-configuration"), null);
		}
		catch (ProviderHttp.StatusException ex) {
			if (ex.status() != 404) {
				throw ex;
			}
			// an OAuth authorization server that is no OpenID provider, such as another
			// instance of this service transmitting its revocations (RFC 8414)
			document = this.http.getJson(URI.create(base + "/.well-known/oauth-authorization-server"), null);
		}
		if (!issuer.equals(document.get("issuer"))) {
			throw new IOException("discovery names another issuer: " + document.get("issuer"));
		}
		if (document.get("token_endpoint") instanceof String token && isHttp(token)) {
			this.tokenEndpoint = URI.create(token);
		}
		Object jwksUri = document.get("jwks_uri");
		if (!(jwksUri instanceof String uri) || !isHttp(uri)) {
			throw new IOException("discovery has no http(s) jwks_uri");
		}
		return URI.create(uri);
	}

}
