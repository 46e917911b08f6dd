package dev.jwtrevocation.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.jwtrevocation.token.IssuedAccessToken;

/**
 * A successful token response in the shape of RFC 6749 §5.1.
 */
record TokenResponse(@JsonProperty("access_token") String accessToken,
		@JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") long expiresIn) {

	static TokenResponse of(IssuedAccessToken token) {
		return new TokenResponse(token.value(), "Bearer", token.lifetime().toSeconds());
	}

	@Override
	public String toString() {
		return "TokenResponse[tokenType=" + this.tokenType + ", expiresIn=" + this.expiresIn + "]";
	}

}
