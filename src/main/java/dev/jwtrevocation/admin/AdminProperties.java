package dev.jwtrevocation.admin;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may use the operator API ({@code /admin/**}) as a user, bound from {@code admin.*}
 * (environment: {@code ADMIN_USERNAMES=alice,bob}). Clients are granted it by the scope
 * {@code revocation:admin} ({@code oauth.clients[n].scopes}). Nobody by default.
 * <p>
 * The role is read from this setting on every request, not from the token: taking a name
 * off the list and restarting takes the role away at once. A listed name that no user
 * holds yet cannot be registered, so that nobody can claim it.
 *
 * @param usernames the users granted the role ADMIN, case-insensitive
 */
@ConfigurationProperties("admin")
public record AdminProperties(List<String> usernames) {

	public AdminProperties {
		usernames = (usernames != null) ? List.copyOf(usernames) : List.of();
	}

	/** Whether the name is listed, whatever its case: asked on every request. */
	public boolean isAdmin(String username) {
		if (username == null || this.usernames.isEmpty()) {
			return false;
		}
		for (String name : this.usernames) {
			if (name.equalsIgnoreCase(username)) {
				return true;
			}
		}
		return false;
	}

}
