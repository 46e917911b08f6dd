package dev.jwtrevocation.system;

import java.util.Locale;

import org.springframework.core.env.Environment;

/**
 * Which client address the service believes: the per-address throttles and the session
 * list key on it, so a client that can choose it escapes every per-address limit.
 * <p>
 * Spring Boot switches {@code server.forward-headers-strategy} to {@code native} by
 * itself when it sees Kubernetes' environment variables, and Tomcat's
 * {@code RemoteIpValve} then trusts {@code X-Forwarded-For} from every private address: a
 * pod, or a load balancer that does not rewrite the header, forwards what the client
 * wrote. So this service sets the strategy to {@code none} itself (the TCP peer is the
 * client), refuses {@code framework} (Spring's filter takes the left-most entry, which
 * the client writes), and starts with {@code native} only when the trusted proxies are
 * named ({@code server.tomcat.remoteip.internal-proxies}). {@code docs/operating.md}
 * gives the settings of each deployment shape.
 */
final class ForwardedHeaders {

	static final String STRATEGY = "server.forward-headers-strategy";

	static final String TRUSTED_PROXIES = "server.tomcat.remoteip.internal-proxies";

	private ForwardedHeaders() {
	}

	/**
	 * The strategy in force: {@code none} unless configured.
	 * @throws RefusedConfigurationException for a strategy that lets a client choose its
	 * own address
	 */
	static String strategy(Environment environment) {
		String strategy = environment.getProperty(STRATEGY, "none").trim().toLowerCase(Locale.ROOT);
		if (strategy.equals("framework")) {
			throw new RefusedConfigurationException(
					STRATEGY + "=framework takes the left-most X-Forwarded-For entry, which any client writes",
					"Use SERVER_FORWARD_HEADERS_STRATEGY=native with SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES "
							+ "naming your proxies (docs/operating.md, client addresses)");
		}
		if (strategy.equals("native") && !environment.containsProperty(TRUSTED_PROXIES)) {
			throw new RefusedConfigurationException(
					STRATEGY + "=native without " + TRUSTED_PROXIES
							+ " trusts X-Forwarded-For from every private address",
					"Set SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES to a regular expression of your proxies' "
							+ "addresses (docs/operating.md, client addresses)");
		}
		return strategy;
	}

}
