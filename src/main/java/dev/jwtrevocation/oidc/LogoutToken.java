package dev.jwtrevocation.oidc;

import java.time.Instant;

import org.springframework.lang.Nullable;

/**
 * A logout token that passed every check of OpenID Connect Back-Channel Logout 1.0 §2.6.
 *
 * @param provider the provider that signed it
 * @param subject its {@code sub}, if any
 * @param sessionId its {@code sid}, if any (at least one of the two is present)
 * @param id its {@code jti}
 * @param issuedAt its {@code iat}
 * @param expiresAt its {@code exp}
 */
record LogoutToken(OpenIdProviderProperties.Provider provider, @Nullable String subject, @Nullable String sessionId,
		String id, Instant issuedAt, Instant expiresAt) {

	@Override
	public String toString() {
		return "LogoutToken[provider=" + this.provider.issuer() + ", jti=" + this.id + "]";
	}

}
