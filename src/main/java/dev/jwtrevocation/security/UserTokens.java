package dev.jwtrevocation.security;

import java.util.function.Supplier;

import dev.jwtrevocation.token.AccessToken;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Grants a user's endpoints ({@code /api/**}, {@code /auth/**}) to a user's token only: a
 * client's own token (client credentials) names the client as its subject, and must not
 * act as a user of the same name (log them out everywhere, end their sessions).
 */
final class UserTokens implements AuthorizationManager<RequestAuthorizationContext> {

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		Authentication current = authentication.get();
		return new AuthorizationDecision(current != null && current.isAuthenticated()
				&& current.getPrincipal() instanceof AccessToken token && !token.isClientToken());
	}

}
