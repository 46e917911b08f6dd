package dev.jwtrevocation.security;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemType;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

/**
 * Refuses a login or registration at the door while every hashing slot and queue place is
 * taken: 503 with {@code Retry-After}, before its body is read or parsed, before
 * security, validation or Redis. A flood of logins then costs the service as little as
 * possible per request, which is what keeps requests that need no hash answered. The
 * service checks again before it hashes ({@link BoundedPasswordEncoder}); this is only
 * the cheap early answer. A plain filter: every request passes it, and it has nothing to
 * remember per request.
 */
final class HashingAdmissionFilter implements Filter {

	private final PasswordHashing hashing;

	private final ProblemDetailWriter problemWriter;

	HashingAdmissionFilter(PasswordHashing hashing, ProblemDetailWriter problemWriter) {
		Assert.notNull(hashing, "hashing cannot be null");
		Assert.notNull(problemWriter, "problemWriter cannot be null");
		this.hashing = hashing;
		this.problemWriter = problemWriter;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		if (isHashing(request) && this.hashing.refusesNow()) {
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			this.problemWriter.write(request, response, ProblemDetailWriter.problem(ProblemType.HASHING_BUSY,
					"Too many logins and registrations at once; retry shortly"));
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * The decoded servlet path, as Spring MVC routes it: the raw URI would let
	 * {@code /auth/%6cogin} reach the login past this door.
	 */
	private static boolean isHashing(HttpServletRequest request) {
		String path = request.getServletPath();
		return "POST".equals(request.getMethod()) && (path.equals("/auth/login") || path.equals("/auth/register"));
	}

}
