package dev.jwtrevocation.ssf;

import java.net.URI;
import java.util.Map;

import org.springframework.lang.Nullable;

/**
 * Keeps two hubs from sending a revocation back and forth: one that came from an OpenID
 * provider is never sent to that provider's own stream. A stream is the provider's when
 * its receiver's client id is configured as that provider
 * ({@code ssf.transmitter.client-issuers}), or when it pushes to the provider's origin
 * (scheme, host and port of its issuer). Pure logic.
 */
final class Loops {

	private final Map<String, String> clientIssuers;

	Loops(Map<String, String> clientIssuers) {
		this.clientIssuers = Map.copyOf(clientIssuers);
	}

	/**
	 * Whether sending to {@code stream} what came from {@code origin} would send it back.
	 * @param origin the provider a revocation came from, {@code null} if it is this
	 * service's own
	 */
	boolean returnsTo(EventStream stream, @Nullable String origin) {
		if (origin == null) {
			return false;
		}
		if (origin.equals(this.clientIssuers.get(stream.clientId()))) {
			return true;
		}
		if (stream.endpointUrl() == null) {
			return false;
		}
		try {
			return ReceiverUrls.sameOrigin(URI.create(stream.endpointUrl()), URI.create(origin));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
