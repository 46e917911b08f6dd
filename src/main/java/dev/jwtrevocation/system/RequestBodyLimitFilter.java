package dev.jwtrevocation.system;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.RequestBodyTooLargeException;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

/**
 * Bounds request bodies before anything parses them. The API takes small JSON documents
 * only, so a body over {@value #MAX_BODY_BYTES} bytes is refused with 413: at once when
 * its {@code Content-Length} says so, or as soon as a chunked body grows past the limit
 * (the JSON reader then fails with a {@link RequestBodyTooLargeException}, answered 413).
 * A plain filter, registered for the request dispatch only: it has nothing to remember
 * per request.
 */
final class RequestBodyLimitFilter implements Filter {

	static final int MAX_BODY_BYTES = 16 * 1024;

	static final String DETAIL = "The request body is larger than " + MAX_BODY_BYTES + " bytes";

	private final ProblemDetailWriter problemWriter;

	RequestBodyLimitFilter(ProblemDetailWriter problemWriter) {
		Assert.notNull(problemWriter, "problemWriter cannot be null");
		this.problemWriter = problemWriter;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws ServletException, IOException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		long length = request.getContentLengthLong();
		if (length > MAX_BODY_BYTES) {
			// the unread body is not worth keeping the connection for
			response.setHeader("Connection", "close");
			this.problemWriter.write(request, response,
					ProblemDetailWriter.problem(HttpStatus.CONTENT_TOO_LARGE, DETAIL));
			return;
		}
		chain.doFilter((length < 0 && mayCarryBody(request)) ? new BoundedRequest(request) : request, response);
	}

	/**
	 * No endpoint reads the body of a GET, HEAD or OPTIONS: those, most of the traffic,
	 * go on unwrapped (Tomcat swallows such a body, up to
	 * {@code server.tomcat.max-swallow-size}).
	 */
	private static boolean mayCarryBody(HttpServletRequest request) {
		String method = request.getMethod();
		return !(HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method)
				|| HttpMethod.OPTIONS.matches(method));
	}

	private static final class BoundedRequest extends HttpServletRequestWrapper {

		private ServletInputStream stream;

		BoundedRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new BoundedInputStream(super.getInputStream());
			}
			return this.stream;
		}

	}

	private static final class BoundedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private long read;

		BoundedInputStream(ServletInputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws RequestBodyTooLargeException {
			this.read += n;
			if (this.read > MAX_BODY_BYTES) {
				throw new RequestBodyTooLargeException(DETAIL);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
