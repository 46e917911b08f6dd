package dev.jwtrevocation.security;

import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Allows a request when it arrived on the separate management port
 * ({@code management.server.port}), which an operator keeps off the public network: the
 * Prometheus scraper reads {@code /actuator/prometheus} there without a token. Without a
 * separate management port it allows nothing, and the endpoint needs a token with role
 * ADMIN like any other actuator endpoint.
 * <p>
 * The port is learnt from the management server itself once it has started, so a random
 * port ({@code management.server.port=0}, as in the tests) works too.
 */
final class ManagementPort
		implements AuthorizationManager<RequestAuthorizationContext>, ApplicationListener<WebServerInitializedEvent> {

	private volatile int port = -1;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if ("management".equals(event.getApplicationContext().getServerNamespace())) {
			this.port = event.getWebServer().getPort();
		}
	}

	boolean isManagementPort(HttpServletRequest request) {
		int management = this.port;
		return management > 0 && request.getLocalPort() == management;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		return new AuthorizationDecision(isManagementPort(context.getRequest()));
	}

}
