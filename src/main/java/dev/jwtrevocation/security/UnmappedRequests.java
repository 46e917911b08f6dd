package dev.jwtrevocation.security;

import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.util.Assert;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The rule for every request no other rule names: let it through only if no controller
 * handles it, so that an unknown path still answers 404 problem+json, while an endpoint
 * someone adds without a rule of its own is denied rather than open by default.
 */
final class UnmappedRequests implements AuthorizationManager<RequestAuthorizationContext> {

	private final HandlerMapping controllers;

	UnmappedRequests(HandlerMapping controllers) {
		Assert.notNull(controllers, "controllers cannot be null");
		this.controllers = controllers;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		return new AuthorizationDecision(!isMapped(context.getRequest()));
	}

	private boolean isMapped(HttpServletRequest request) {
		if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
			ServletRequestPathUtils.parseAndCache(request);
		}
		try {
			return this.controllers.getHandler(request) != null;
		}
		catch (Exception ex) {
			// a controller path with another method, media type, ...: it exists
			return true;
		}
	}

}
