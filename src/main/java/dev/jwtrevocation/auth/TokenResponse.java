package dev.jwtrevocation.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.jwtrevocation.session.IssuedTokens;

/**
 * A successful token response in the shape of RFC 6749 §5.1, plus the lifetime of the
 * refresh token.
 */
record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
		@JsonProperty("expires_in") long expiresIn, @JsonProperty("refresh_token") String refreshToken,
		@JsonProperty("refresh_expires_in") long refreshExpiresIn) {

	static TokenResponse of(IssuedTokens tokens) {
		return new TokenResponse(tokens.accessToken().value(), "Bearer", tokens.accessToken().lifetime().toSeconds(),
				tokens.refreshToken(), tokens.refreshLifetime().toSeconds());
	}

	@Override
	public String toString() {
		return "TokenResponse[tokenType=" + this.tokenType + ", expiresIn=" + this.expiresIn + "]";
	}

}
