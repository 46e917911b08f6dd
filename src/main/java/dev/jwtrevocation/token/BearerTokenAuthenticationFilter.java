package dev.jwtrevocation.token;

import java.io.IOException;
import java.util.Enumeration;
import java.util.function.Predicate;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.jwtrevocation.revocation.RevocationCheck;
import dev.jwtrevocation.revocation.RevocationMetrics;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Authenticates a request by its RFC 6750 bearer token: verify the JWT, then ask the
 * denylist whether its {@code jti} was revoked, and only then populate the
 * {@link SecurityContext}.
 * <p>
 * This runs on every authenticated request, so it does no more than it must: the token is
 * read from exactly one {@code Authorization} header (never from a query parameter, RFC
 * 6750 §5.3), verification is local, and the revocation check is a lookup in the
 * in-memory mirror (or one Redis round trip in strict mode), with no user lookup. A
 * request without a token passes through anonymous and meets the authorization rules; a
 * request with a bad token, or whose token cannot be checked against the denylist, is
 * answered by the entry point right here.
 * <p>
 * Built by the security configuration rather than declared a bean, so that Spring Boot
 * does not also register it as a servlet filter and run it twice. A plain filter that
 * acts on the request dispatch only, as {@code OncePerRequestFilter} would, without the
 * request attribute that one sets, reads and removes through every request wrapper on
 * every request.
 */
public final class BearerTokenAuthenticationFilter implements Filter {

	private static final Log logger = LogFactory.getLog(BearerTokenAuthenticationFilter.class);

	private final AccessTokenVerifier verifier;

	private final RevocationCheck revocations;

	private final AuthenticationEntryPoint entryPoint;

	private final RequestMatcher ignoredRequests;

	private final RevocationMetrics metrics;

	private final SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	private final Predicate<String> admins;

	public BearerTokenAuthenticationFilter(AccessTokenVerifier verifier, RevocationCheck revocations,
			AuthenticationEntryPoint entryPoint, RequestMatcher ignoredRequests, RevocationMetrics metrics) {
		this(verifier, revocations, entryPoint, ignoredRequests, metrics, (username) -> false);
	}

	/**
	 * @param ignoredRequests requests that never need a token (login, register), whose
	 * {@code Authorization} header is left alone so that a stale token cannot block a new
	 * login
	 * @param admins the users granted the role {@code ADMIN} by configuration, asked on
	 * every request for a user's token (never a client's, whose subject is the client)
	 */
	public BearerTokenAuthenticationFilter(AccessTokenVerifier verifier, RevocationCheck revocations,
			AuthenticationEntryPoint entryPoint, RequestMatcher ignoredRequests, RevocationMetrics metrics,
			Predicate<String> admins) {
		Assert.notNull(admins, "admins cannot be null");
		this.admins = admins;
		Assert.notNull(verifier, "verifier cannot be null");
		Assert.notNull(revocations, "revocations cannot be null");
		Assert.notNull(entryPoint, "entryPoint cannot be null");
		Assert.notNull(ignoredRequests, "ignoredRequests cannot be null");
		Assert.notNull(metrics, "metrics cannot be null");
		this.metrics = metrics;
		this.verifier = verifier;
		this.revocations = revocations;
		this.entryPoint = entryPoint;
		this.ignoredRequests = ignoredRequests;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws ServletException, IOException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		if (shouldNotFilter(request)) {
			chain.doFilter(request, response);
			return;
		}
		AccessToken accessToken;
		try {
			String token = resolveToken(request);
			if (token == null) {
				chain.doFilter(request, response);
				return;
			}
			accessToken = authenticate(token, request.getRemoteAddr());
		}
		catch (AuthenticationException ex) {
			this.contextHolder.clearContext();
			this.entryPoint.commence(request, response, ex);
			return;
		}
		SecurityContext context = this.contextHolder.createEmptyContext();
		context.setAuthentication(new AccessTokenAuthentication(accessToken,
				!accessToken.isClientToken() && this.admins.test(accessToken.subject())));
		this.contextHolder.setContext(context);
		chain.doFilter(request, response);
	}

	/**
	 * Error, async, forward and include dispatches pass: the request dispatch already
	 * judged the token. So do the requests that carry credentials of their own, which are
	 * all POSTs: a GET is not matched against their paths.
	 */
	private boolean shouldNotFilter(HttpServletRequest request) {
		return request.getDispatcherType() != DispatcherType.REQUEST
				|| (HttpMethod.POST.matches(request.getMethod()) && this.ignoredRequests.matches(request));
	}

	private AccessToken authenticate(String token, String clientAddress) {
		AccessToken accessToken;
		try {
			accessToken = this.verifier.verify(token, clientAddress);
		}
		catch (InvalidAccessTokenException ex) {
			this.metrics.invalid();
			throw ex;
		}
		boolean revoked;
		try {
			revoked = this.revocations.isRevoked(accessToken);
		}
		catch (DataAccessException ex) {
			// one line per refused request would flood the log during an outage: health
			// and Lettuce report it
			logger.debug("Revocation check failed, refusing the request", ex);
			throw new RevocationCheckUnavailableException(ex);
		}
		if (revoked) {
			throw new InvalidAccessTokenException(InvalidAccessTokenException.Reason.REVOKED,
					"The access token has been revoked");
		}
		return accessToken;
	}

	private static String resolveToken(HttpServletRequest request) {
		Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
		if (headers == null || !headers.hasMoreElements()) {
			return null;
		}
		String authorization = headers.nextElement();
		if (headers.hasMoreElements()) {
			throw new MalformedAuthorizationException("Send exactly one Authorization header");
		}
		if (!authorization.regionMatches(true, 0, "Bearer", 0, 6)
				|| (authorization.length() > 6 && authorization.charAt(6) != ' ')) {
			// another scheme (Basic, ...) is not ours to judge: the request stays
			// anonymous
			return null;
		}
		String token = authorization.substring(6).strip();
		if (token.isEmpty() || token.indexOf(' ') >= 0) {
			throw new InvalidAccessTokenException(InvalidAccessTokenException.Reason.INVALID,
					"The access token is malformed");
		}
		return token;
	}

}
