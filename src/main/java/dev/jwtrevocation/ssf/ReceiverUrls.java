package dev.jwtrevocation.ssf;

import java.net.URI;
import java.util.List;

import org.springframework.util.Assert;

/**
 * The allow-list of push URLs ({@code ssf.transmitter.receiver-urls}): a receiver names
 * where its events go, and this service posts there, so a URL is taken only if it has the
 * scheme, host and port of an allowed one, and a path under its path. No user
 * information, query or fragment, and no other scheme than http(s).
 */
final class ReceiverUrls {

	private final List<URI> allowed;

	ReceiverUrls(List<URI> allowed) {
		Assert.notNull(allowed, "allowed cannot be null");
		this.allowed = List.copyOf(allowed);
	}

	/** Whether a stream may deliver to {@code url}. */
	boolean allows(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (Exception ex) {
			return false;
		}
		if (!isHttp(uri) || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
				|| uri.getHost() == null) {
			return false;
		}
		String path = normalized(uri.getRawPath());
		if (path.contains("/../") || path.contains("/./") || path.contains("%2e") || path.contains("%2E")) {
			return false;
		}
		for (URI allowed : this.allowed) {
			if (sameOrigin(allowed, uri) && under(path, normalized(allowed.getRawPath()))) {
				return true;
			}
		}
		return false;
	}

	private static boolean under(String path, String prefix) {
		if (prefix.endsWith("/")) {
			return path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1));
		}
		return path.equals(prefix) || path.startsWith(prefix + "/");
	}

	private static String normalized(String path) {
		return (path == null || path.isEmpty()) ? "/" : path;
	}

	private static boolean isHttp(URI uri) {
		return "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
	}

	/** Whether two http(s) URIs have the same scheme, host and port. */
	static boolean sameOrigin(URI a, URI b) {
		return isHttp(a) && isHttp(b) && a.getHost() != null && b.getHost() != null
				&& a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
				&& port(a) == port(b);
	}

	private static int port(URI uri) {
		if (uri.getPort() >= 0) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

}
