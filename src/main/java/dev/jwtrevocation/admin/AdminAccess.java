package dev.jwtrevocation.admin;

import java.util.function.Supplier;

import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Grants the operator API: to a user with the role {@code ADMIN}, which
 * {@code admin.usernames} grants on every request ({@link AdminProperties}), or to a
 * client's own token (client credentials) with the scope {@code revocation:admin}. A
 * client's token carries no role, and a client named like an admin is not one.
 */
public final class AdminAccess implements AuthorizationManager<RequestAuthorizationContext> {

	/** The scope a client needs. */
	public static final String SCOPE = "revocation:admin";

	private final AuthorizationManager<RequestAuthorizationContext> rule = AuthorizationManagers.anyOf(
			AuthorityAuthorizationManager.hasRole("ADMIN"),
			AuthorityAuthorizationManager.hasAuthority("SCOPE_" + SCOPE));

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		return this.rule.authorize(authentication, context);
	}

}
