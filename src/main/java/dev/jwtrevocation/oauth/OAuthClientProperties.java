package dev.jwtrevocation.oauth;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The clients that may call {@code /oauth2/revoke} and {@code /oauth2/introspect}, bound
 * from {@code oauth.clients[n].*} (environment: {@code OAUTH_CLIENTS_0_ID},
 * {@code OAUTH_CLIENTS_0_SECRET_SHA256}). None by default: both endpoints then refuse
 * every caller.
 *
 * @param clients the clients
 */
@ConfigurationProperties("oauth")
public record OAuthClientProperties(List<Client> clients) {

	public OAuthClientProperties {
		clients = (clients != null) ? List.copyOf(clients) : List.of();
	}

	/**
	 * One client. Its secret is a generated random string ({@code openssl rand -base64
	 * 32}), so it is stored as its SHA-256, hex-encoded
	 * ({@code printf %s "$secret" | sha256sum}): a slow password hash would let any
	 * caller spend our CPU, and adds nothing to a secret with 256 random bits.
	 *
	 * @param id the {@code client_id}
	 * @param secretSha256 the SHA-256 of its secret, 64 hex digits
	 */
	public record Client(String id, String secretSha256) {

		@Override
		public String toString() {
			return "Client[id=" + this.id + "]";
		}

	}

}
