package dev.jwtrevocation.system;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tells an operator, once each, the two signs that the service sits behind a proxy while
 * it believes the TCP peer ({@code server.forward-headers-strategy=none}): requests that
 * carry {@code X-Forwarded-For} or {@code Forwarded} (ignored, as they must be), and the
 * first {@value #SAMPLE} requests all coming from one address that is not loopback (a
 * reverse proxy or a SNATing load balancer, and then the per-address throttles hold every
 * client to one budget). Only the first {@value #SAMPLE} requests are looked at: a proxy
 * shows itself on them. Neither header value nor anything else a client wrote is logged.
 * <p>
 * A plain filter: once the sample is over, a request costs one volatile read.
 */
final class UntrustedForwardingWarning implements Filter {

	static final int SAMPLE = 1000;

	private static final Log logger = LogFactory.getLog(UntrustedForwardingWarning.class);

	private final AtomicInteger sampled = new AtomicInteger();

	private volatile String firstAddress;

	private volatile boolean forwardingWarned;

	private volatile boolean done;

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!this.done && request instanceof HttpServletRequest http) {
			observe(http);
		}
		chain.doFilter(request, response);
	}

	private void observe(HttpServletRequest request) {
		if (!this.forwardingWarned
				&& (request.getHeader("X-Forwarded-For") != null || request.getHeader("Forwarded") != null)) {
			this.forwardingWarned = true;
			logger.warn("Requests carry X-Forwarded-For or Forwarded, which this service does not trust "
					+ "(server.forward-headers-strategy=none): every client address is the TCP peer's. Behind a "
					+ "proxy, see docs/operating.md, client addresses");
		}
		int seen = this.sampled.incrementAndGet();
		if (seen > SAMPLE) {
			// a proxy shows itself on the first requests: past them, nothing is looked at
			this.done = true;
			return;
		}
		String address = request.getRemoteAddr();
		if (seen == 1) {
			this.firstAddress = address;
		}
		else if (this.firstAddress != null && !this.firstAddress.equals(address)) {
			this.firstAddress = null;
		}
		if (seen == SAMPLE && this.firstAddress != null && !isLoopback(this.firstAddress)) {
			logger.warn("The first " + SAMPLE + " requests all came from " + this.firstAddress
					+ ": if that is a proxy or a load balancer, every client shares its per-address login and "
					+ "registration limits. See docs/operating.md, client addresses");
		}
	}

	private static boolean isLoopback(String address) {
		return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
	}

}
