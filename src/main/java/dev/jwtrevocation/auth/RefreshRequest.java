package dev.jwtrevocation.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /auth/refresh}.
 */
record RefreshRequest(@JsonProperty("refresh_token") @NotBlank @Size(max = 512) String refreshToken) {

	@Override
	public String toString() {
		return "RefreshRequest[refreshToken=<hidden>]";
	}

}
