package dev.jwtrevocation.ssf;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the transmitter's deliveries did, by receiver (its client id, from the
 * configuration, so the tags are bounded):
 * <ul>
 * <li>{@code jwt.revocation.ssf.delivery}: time from a revocation's write to the
 * receiver's 2xx, with percentiles;</li>
 * <li>{@code jwt.revocation.ssf.push.failures}: attempts to be retried;</li>
 * <li>{@code jwt.revocation.ssf.push.refused}: SETs a receiver refused for good
 * (400);</li>
 * <li>{@code jwt.revocation.ssf.missed}: a stream that fell behind the outbox's
 * bound.</li>
 * </ul>
 */
final class SignalDeliveryMeters {

	private final MeterRegistry registry;

	SignalDeliveryMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	void delivered(String client, long millis) {
		Timer.builder("jwt.revocation.ssf.delivery")
			.description("Time from a revocation's write to its SET's delivery")
			.tag("client", client)
			.publishPercentiles(0.5, 0.99)
			.publishPercentileHistogram()
			.register(this.registry)
			.record(Duration.ofMillis(Math.max(0, millis)));
	}

	void failed(String client) {
		Counter.builder("jwt.revocation.ssf.push.failures").tag("client", client).register(this.registry).increment();
	}

	void refused(String client) {
		Counter.builder("jwt.revocation.ssf.push.refused").tag("client", client).register(this.registry).increment();
	}

	void missed(String client) {
		Counter.builder("jwt.revocation.ssf.missed").tag("client", client).register(this.registry).increment();
	}

}
