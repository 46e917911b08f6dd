package dev.jwtrevocation.oidc;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.SmartLifecycle;

/**
 * The SSF streams this service talks to the transmitter for
 * ({@code revocation.providers[n].ssf.manage-stream}, or {@code delivery: poll}): one
 * background thread steps each in turn ({@link SecurityEventStream#step}).
 */
final class SecurityEventStreams implements SmartLifecycle {

	private final Map<String, SecurityEventStream> byIssuer = new LinkedHashMap<>();

	private final BackgroundThread background = new BackgroundThread("ssf-streams");

	SecurityEventStreams(OpenIdProviders providers, SecurityEventValidator validator, SignalReplays replays,
			ProviderRevocations revocations, SignalMeters meters, Clock clock, Duration skew) {
		SecurityEventHandler handler = new SecurityEventHandler(revocations);
		providers.all().forEach((issuer, keys) -> {
			if (keys.provider().ssf().talksToTransmitter()) {
				this.byIssuer.put(issuer,
						new SecurityEventStream(keys, validator, replays, handler, meters, clock, skew));
			}
		});
	}

	/** Each stream's state, by issuer. */
	Map<String, String> states() {
		Map<String, String> states = new LinkedHashMap<>();
		this.byIssuer.forEach((issuer, stream) -> states.put(issuer, stream.state()));
		return states;
	}

	@Override
	public void start() {
		if (this.byIssuer.isEmpty()) {
			return;
		}
		this.background.start();
		this.byIssuer.values().forEach((stream) -> this.background.schedule(() -> step(stream), Duration.ZERO));
	}

	private void step(SecurityEventStream stream) {
		this.background.schedule(() -> step(stream), stream.step());
	}

	@Override
	public void stop() {
		this.background.stop();
	}

	@Override
	public boolean isRunning() {
		return this.background.isRunning();
	}

}
