package dev.jwtrevocation.oidc;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.validation.annotation.Validated;

/**
 * The OpenID providers whose logouts this service turns into revocations, bound from
 * {@code revocation.providers[n].*} (environment: {@code REVOCATION_PROVIDERS_0_ISSUER},
 * {@code REVOCATION_PROVIDERS_0_CLIENT_ID}, ...).
 *
 * @param providers the providers, none by default
 */
@ConfigurationProperties("revocation")
@Validated
public record OpenIdProviderProperties(@DefaultValue @Valid List<Provider> providers) {

	/** The signature algorithms a provider may be trusted with: asymmetric ones only. */
	static final Set<String> ASYMMETRIC = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
			"ES512");

	/**
	 * One provider.
	 *
	 * @param issuer its issuer identifier, exactly as its tokens' {@code iss} carries it:
	 * discovery ({@code <issuer>/.well-known/openid-configuration}) and its
	 * {@code jwks_uri} are the only URLs ever fetched for it
	 * @param clientId this service's client id at the provider: a logout token's
	 * {@code aud} must contain it
	 * @param algorithms the signature algorithms accepted from it, {@code RS256} by
	 * default (Keycloak's, Okta's and Auth0's); asymmetric ones only
	 * @param logoutTokenMaxAge how old a logout token's {@code iat} may be, 2 minutes by
	 * default (plus the clock skew, {@code jwt.clock-skew})
	 * @param ssf its Shared Signals Framework stream, if it sends Security Event Tokens
	 * @param clientSecret this service's client secret at the provider, for the client
	 * credentials grant that manages or polls its SSF stream; none otherwise
	 */
	public record Provider(@NotBlank String issuer, @NotBlank String clientId,
			@DefaultValue("RS256") @NotEmpty List<String> algorithms,
			@DefaultValue("2m") @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1) Duration logoutTokenMaxAge,
			@DefaultValue @Valid Ssf ssf, String clientSecret) {

		public Provider {
			Assert.hasText(issuer, "revocation.providers[n].issuer cannot be empty");
			URI uri = URI.create(issuer);
			Assert.isTrue(("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null,
					() -> "revocation.providers[n].issuer must be an http(s) URL: " + issuer);
			if (algorithms != null) {
				for (String algorithm : algorithms) {
					Assert.isTrue(ASYMMETRIC.contains(algorithm), () -> "revocation.providers[n].algorithms: "
							+ algorithm + " is not one of " + ASYMMETRIC.stream().sorted().toList());
				}
			}
		}

		@Override
		public String toString() {
			return "Provider[issuer=" + this.issuer + ", clientId=" + this.clientId + ", clientSecret="
					+ ((this.clientSecret != null) ? "(set)" : "none") + ", ssf=" + this.ssf + "]";
		}

		/**
		 * What a SET's {@code aud} must contain: the stream's audience, or the client id.
		 */
		String ssfAudience() {
			return (this.ssf.audience() != null && !this.ssf.audience().isEmpty()) ? this.ssf.audience()
					: this.clientId;
		}

	}

	/**
	 * A provider's Shared Signals Framework 1.0 stream towards this service, delivering
	 * by push (RFC 8935) to {@code POST /ssf/push}.
	 *
	 * @param pushAuthorization the exact {@code Authorization} header the transmitter
	 * sends with each push (a long random secret, for instance {@code Bearer <secret>}):
	 * a push without it is refused before its SET is read; none: this provider's pushes
	 * are refused
	 * @param audience what a SET's {@code aud} must contain; empty: the client id
	 * @param maxEventAge how old a SET's {@code iat} may be, 15 minutes by default (a
	 * transmitter may queue events while the receiver is away)
	 * @param delivery {@code push} (default: the transmitter POSTs to {@code /ssf/push})
	 * or {@code poll} (this service polls the transmitter, RFC 8936, for a provider that
	 * cannot reach it)
	 * @param manageStream whether this service creates its stream at the transmitter's
	 * {@code configuration_endpoint} (found through
	 * {@code /.well-known/ssf-configuration}) when none exists, with the client
	 * credentials of {@code client-id} and {@code client-secret}; a poll stream is always
	 * read there
	 * @param pushUrl this service's public URL of {@code /ssf/push}, given to the
	 * transmitter when the stream is created for push
	 * @param scope the scope asked for with the client credentials (Keycloak:
	 * {@code ssf.manage ssf.read}); none by default
	 * @param pollInterval how long a poll waits after one that brought nothing, 1 second
	 * by default
	 * @param events the event types asked for when the stream is created
	 */
	public record Ssf(String pushAuthorization, String audience,
			@DefaultValue("15m") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 1) Duration maxEventAge,
			@DefaultValue("push") @NotNull Delivery delivery, @DefaultValue("false") boolean manageStream,
			String pushUrl, String scope,
			@DefaultValue("1s") @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 10) Duration pollInterval,
			@DefaultValue( {
					SecurityEvent.SESSION_REVOKED, SecurityEvent.CREDENTIAL_CHANGE, SecurityEvent.ACCOUNT_DISABLED,
					SecurityEvent.ACCOUNT_PURGED, SecurityEvent.SESSIONS_REVOKED }) List<String> events){

		/** Whether this service talks to the transmitter itself: to manage or poll. */
		boolean talksToTransmitter() {
			return this.manageStream || this.delivery == Delivery.POLL;
		}

		@Override
		public String toString() {
			return "Ssf[pushAuthorization=" + ((this.pushAuthorization != null) ? "(set)" : "none") + ", audience="
					+ this.audience + ", delivery=" + this.delivery + ", manageStream=" + this.manageStream + "]";
		}

	}

	/** How a stream's SETs reach this service. */
	public enum Delivery {

		/** RFC 8935: the transmitter POSTs each SET to {@code /ssf/push}. */
		PUSH,

		/** RFC 8936: this service polls the transmitter. */
		POLL

	}

}
