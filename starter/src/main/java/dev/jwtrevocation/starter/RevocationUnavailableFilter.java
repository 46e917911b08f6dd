package dev.jwtrevocation.starter;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * Answers 503 with {@code Retry-After} when a request failed because the revocation check
 * could not be made: registered ahead of Spring Security's filter chain, it sees the
 * authentication service failure that Spring Security rethrows rather than answer it.
 * Fail closed: the request was not let through, and the client may retry.
 * <p>
 * A plain filter, which Spring Boot registers for the request dispatch only: it has
 * nothing to remember per request, so it skips {@code OncePerRequestFilter}'s request
 * attribute, set and removed through every request wrapper on each of a resource server's
 * requests.
 */
public final class RevocationUnavailableFilter implements Filter {

	static final String BODY = "{\"type\":\"tag:jwt-revocation.dev,2026:problem:revocation-unavailable\","
			+ "\"title\":\"Revocation check unavailable\",\"status\":503,"
			+ "\"detail\":\"The revocation check is unavailable; retry shortly\"}";

	@Override
	public void doFilter(ServletRequest request, ServletResponse servletResponse, FilterChain chain)
			throws ServletException, IOException {
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | RuntimeException ex) {
			if (!isRevocationUnavailable(ex) || response.isCommitted()) {
				throw ex;
			}
			response.resetBuffer();
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader(HttpHeaders.RETRY_AFTER, "5");
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.setCharacterEncoding("UTF-8");
			response.setContentType("application/problem+json");
			response.getWriter().write(BODY);
		}
	}

	static boolean isRevocationUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RevocationUnavailableException) {
				return true;
			}
		}
		return false;
	}

}
