package dev.jwtrevocation.session;

import java.time.Duration;

import dev.jwtrevocation.token.IssuedAccessToken;

/**
 * What a login or a refresh hands out: an access token and the refresh token that
 * replaces it.
 *
 * @param accessToken the signed access token
 * @param refreshToken the opaque refresh token, shown to the client once and stored only
 * hashed
 * @param refreshLifetime how long the refresh token may be used
 */
public record IssuedTokens(IssuedAccessToken accessToken, String refreshToken, Duration refreshLifetime) {

	@Override
	public String toString() {
		return "IssuedTokens[refreshLifetime=" + this.refreshLifetime + "]";
	}

}
