package dev.jwtrevocation.auth;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code POST /auth/register}. The password is kept whole: no trimming, no
 * truncation, any script.
 */
record RegistrationRequest(
		@NotNull @Pattern(regexp = "^[A-Za-z0-9._-]{3,64}$",
				message = "must be 3 to 64 of the characters A-Z a-z 0-9 . _ -") String username,
		@NotNull @CodePointLength(min = 8, max = 128) String password) {

	@Override
	public String toString() {
		return "RegistrationRequest[username=" + this.username + ", password=<hidden>]";
	}

}
