package dev.jwtrevocation.oidc;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * The SSF streams this service talks to the transmitter for
 * ({@code revocation.providers[n].ssf.manage-stream}, or {@code delivery: poll}): one
 * background thread steps each in turn ({@link SecurityEventStream#step}).
 */
final class SecurityEventStreams implements SmartLifecycle {

	private final Map<String, SecurityEventStream> byIssuer = new LinkedHashMap<>();

	private ScheduledExecutorService scheduler;

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
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "ssf-streams");
			thread.setDaemon(true);
			return thread;
		});
		this.byIssuer.values().forEach((stream) -> this.scheduler.execute(() -> step(stream)));
	}

	private void step(SecurityEventStream stream) {
		Duration next = stream.step();
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null && !scheduler.isShutdown()) {
			scheduler.schedule(() -> step(stream), next.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.scheduler;
		this.scheduler = null;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
