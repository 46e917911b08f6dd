package dev.jwtrevocation.revocation;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.jwtrevocation.revocation.RevocationMetrics;

/**
 * The revocation core's events as Micrometer meters, every one registered up front so
 * that the per-request {@link #checked} is an array index and an increment: no tag
 * lookup, no allocation.
 * <ul>
 * <li>{@code jwt.revocation.checks{path, outcome}}: every bearer token seen, by where the
 * denylist answered ({@code copy}, {@code redis}, {@code none} when the token failed
 * verification first) and what it answered ({@code accepted}, {@code revoked},
 * {@code invalid}, {@code unavailable});</li>
 * <li>{@code jwt.revocation.revocations{kind}}: revocations written ({@code token},
 * {@code session}, {@code user});</li>
 * <li>{@code jwt.revocation.acknowledgement}: from a revocation's write to its 2xx, the
 * wait for every instance's copy included (the bulk of a logout's latency);</li>
 * <li>{@code jwt.revocation.mirror.resyncs}, {@code jwt.revocation.mirror.replays},
 * {@code jwt.revocation.mirror.push.lag}: copy reloads, reconnects that kept the copy and
 * replayed the change log, and how late heartbeats' pushes come back (how far the copy
 * runs behind Redis).</li>
 * </ul>
 */
final class RevocationMeters implements RevocationMetrics {

	private static final Outcome[] OUTCOMES = Outcome.values();

	private final Counter[] checks;

	private final Counter invalid;

	private final Counter[] written;

	private final Timer acknowledgement;

	private final Counter resyncs;

	private final Counter replays;

	private final Counter trailFailures;

	private final Timer confirmation;

	private final Timer pushLag;

	RevocationMeters(MeterRegistry registry) {
		Path[] paths = Path.values();
		this.checks = new Counter[paths.length * OUTCOMES.length];
		for (Path path : paths) {
			for (Outcome outcome : OUTCOMES) {
				this.checks[index(path, outcome)] = check(registry, name(path), name(outcome));
			}
		}
		this.invalid = check(registry, "none", "invalid");
		Kind[] kinds = Kind.values();
		this.written = new Counter[kinds.length];
		for (Kind kind : kinds) {
			this.written[kind.ordinal()] = Counter.builder("jwt.revocation.revocations")
				.description("Revocations written to Redis")
				.tag("kind", name(kind))
				.register(registry);
		}
		this.acknowledgement = Timer.builder("jwt.revocation.acknowledgement")
			.description("From a revocation's write to its acknowledgement: every instance refuses the token")
			.publishPercentileHistogram()
			.maximumExpectedValue(Duration.ofSeconds(2))
			.register(registry);
		this.confirmation = Timer.builder("jwt.revocation.mirror.confirmation")
			.description("From a revocation's push arriving at this instance to its confirmation: the heartbeat that "
					+ "vouches its copy holds it came back (revokers answer once every instance has)")
			.publishPercentileHistogram()
			.maximumExpectedValue(Duration.ofSeconds(2))
			.register(registry);
		this.trailFailures = Counter.builder("jwt.revocation.trail.failures")
			.description("Revocations the audit trail could not record (the revocation stands; the audit line has it)")
			.register(registry);
		this.resyncs = Counter.builder("jwt.revocation.mirror.resyncs")
			.description("Times the in-memory copy was cleared and loaded again from Redis")
			.register(registry);
		this.replays = Counter.builder("jwt.revocation.mirror.replays")
			.description("Reconnects that kept the in-memory copy and read only what the change log says changed")
			.register(registry);
		this.pushLag = Timer.builder("jwt.revocation.mirror.push.lag")
			.description("From sending a heartbeat to its push coming back: how far the copy runs behind Redis")
			.publishPercentileHistogram()
			.maximumExpectedValue(Duration.ofSeconds(2))
			.register(registry);
	}

	@Override
	public void checked(Path path, Outcome outcome) {
		this.checks[index(path, outcome)].increment();
	}

	@Override
	public void invalid() {
		this.invalid.increment();
	}

	@Override
	public void written(Kind kind) {
		this.written[kind.ordinal()].increment();
	}

	@Override
	public void revocationConfirmed(long nanos) {
		this.confirmation.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void trailFailed() {
		this.trailFailures.increment();
	}

	@Override
	public void acknowledged(long nanos) {
		this.acknowledgement.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void resynchronized() {
		this.resyncs.increment();
	}

	@Override
	public void replayed() {
		this.replays.increment();
	}

	@Override
	public void pushArrived(long nanos) {
		this.pushLag.record(nanos, TimeUnit.NANOSECONDS);
	}

	private static int index(Path path, Outcome outcome) {
		return path.ordinal() * OUTCOMES.length + outcome.ordinal();
	}

	private static Counter check(MeterRegistry registry, String path, String outcome) {
		return Counter.builder("jwt.revocation.checks")
			.description("Bearer tokens checked, by where the denylist answered and what it answered")
			.tag("path", path)
			.tag("outcome", outcome)
			.register(registry);
	}

	private static String name(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
