package dev.jwtrevocation.oidc;

import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.lang.Nullable;

/**
 * {@code jwt.revocation.signals{provider, channel, outcome}}: the signals received from
 * OpenID providers. The {@code provider} tag is a configured issuer or {@code unknown},
 * so that no caller can grow the number of series.
 */
final class SignalMeters {

	private static final String UNKNOWN = "unknown";

	private final MeterRegistry registry;

	private final Set<String> issuers;

	SignalMeters(@Nullable MeterRegistry registry, Set<String> issuers) {
		this.registry = registry;
		this.issuers = issuers;
	}

	/**
	 * @param issuer the issuer the signal claimed, {@code null} if none
	 * @param outcome {@code revoked}, {@code invalid}, {@code replayed} or
	 * {@code unavailable}
	 */
	void received(@Nullable String issuer, String channel, String outcome) {
		if (this.registry == null) {
			return;
		}
		String provider = (issuer != null && this.issuers.contains(issuer)) ? issuer : UNKNOWN;
		Counter.builder("jwt.revocation.signals")
			.description("Signals received from OpenID providers")
			.tag("provider", provider)
			.tag("channel", channel)
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

}
