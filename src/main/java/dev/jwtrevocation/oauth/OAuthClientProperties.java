package dev.jwtrevocation.oauth;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The clients that may call {@code /oauth2/revoke} and {@code /oauth2/introspect}, bound
 * from {@code oauth.clients[n].*} (environment: {@code OAUTH_CLIENTS_0_ID},
 * {@code OAUTH_CLIENTS_0_SECRET_SHA256}). None by default: both endpoints then refuse
 * every caller.
 *
 * @param clients the clients
 * @param throttle how many failed authentications are answered before 429
 */
@ConfigurationProperties("oauth")
@Validated
public record OAuthClientProperties(List<Client> clients, @DefaultValue @Valid Throttle throttle) {

	public OAuthClientProperties {
		clients = (clients != null) ? List.copyOf(clients) : List.of();
	}

	/**
	 * The failure budget of client authentication ({@code OAUTH_THROTTLE_*}): a generated
	 * secret cannot be guessed, but a weak one could, at thousands of guesses a second.
	 * Only failures count; a client that authenticates costs one read.
	 *
	 * @param maxFailuresPerAddress failed authentications from one address (an IPv6
	 * address's /64) within the window, 10 by default
	 * @param maxFailuresPerClient failed authentications naming one configured client,
	 * from anywhere, within the window, 30 by default: kept short, since anyone who knows
	 * a client id can spend it
	 * @param window how long failures count, from the first one, 1 minute by default
	 */
	public record Throttle(@DefaultValue("10") @Min(1) int maxFailuresPerAddress,
			@DefaultValue("30") @Min(1) int maxFailuresPerClient,
			@DefaultValue("1m") @NotNull @DurationMin(seconds = 1) Duration window) {
	}

	/**
	 * One client. Its secret is a generated random string ({@code openssl rand -base64
	 * 32}), so it is stored as its SHA-256, hex-encoded
	 * ({@code printf %s "$secret" | sha256sum}): a slow password hash would let any
	 * caller spend our CPU, and adds nothing to a secret with 256 random bits.
	 *
	 * @param id the {@code client_id}
	 * @param secretSha256 the SHA-256 of its secret, 64 hex digits
	 * @param audiences the {@code aud} values of the access tokens this client may
	 * introspect besides those issued to it (a resource server's:
	 * {@code jwt-revocation-api}); none by default
	 * @param scopes what a token of its own may do, obtained with client credentials at
	 * {@code /oauth2/token} (RFC 6749 §4.4): {@code revocation:admin} for the operator
	 * API; none by default, and then it gets no token
	 */
	public record Client(String id, String secretSha256, List<String> audiences, List<String> scopes) {

		public Client {
			audiences = (audiences != null) ? List.copyOf(audiences) : List.of();
			scopes = (scopes != null) ? List.copyOf(scopes) : List.of();
		}

		@Override
		public String toString() {
			return "Client[id=" + this.id + "]";
		}

	}

}
