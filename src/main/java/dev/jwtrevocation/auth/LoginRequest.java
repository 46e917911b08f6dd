package dev.jwtrevocation.auth;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /auth/login}. Only the shape is checked here: whether the pair is
 * right is answered with 401, the same for an unknown user as for a wrong password.
 */
record LoginRequest(@NotNull @Size(min = 1, max = 64) String username, @NotEmpty @Size(max = 512) String password) {

	@Override
	public String toString() {
		return "LoginRequest[username=" + this.username + ", password=<hidden>]";
	}

}
