package dev.jwtrevocation.ssf;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;

/**
 * Push delivery (RFC 8935) from the outbox: one background thread per instance steps
 * every enabled push stream whose lease it holds (one instance per stream at a time),
 * posting its events after the stream's cursor, oldest first, up to
 * {@code ssf.transmitter.push-concurrency} in flight, and moving the cursor past those
 * the receiver took (2xx) or refused for good (400, logged and counted). Anything else (a
 * 5xx, a 401, a timeout, a refused connection) is tried again after a wait that doubles
 * from 1 second up to {@code ssf.transmitter.max-backoff}, from the same event: a
 * receiver that is down or slow only delays its own stream, never a logout, and loses
 * nothing, across restarts of either side.
 */
final class PushDelivery implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(PushDelivery.class);

	/** How often the streams are stepped: the delay a push adds at most, at rest. */
	static final Duration TICK = Duration.ofMillis(20);

	private static final Duration LEASE = Duration.ofSeconds(10);

	private static final Duration STREAMS_REFRESH = Duration.ofSeconds(1);

	private static final int BATCH = 100;

	private final Transmitter transmitter;

	private final TransmitterProperties properties;

	private final SignalDeliveryMeters meters;

	private final Clock clock;

	private final String instance = UUID.randomUUID().toString();

	private final HttpClient http;

	private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();

	private final Map<String, Long> leases = new ConcurrentHashMap<>();

	private final Map<String, Long> boundCheckedAt = new ConcurrentHashMap<>();

	private volatile ScheduledExecutorService executor;

	private List<EventStream> streams = List.of();

	private long streamsReadAt;

	PushDelivery(Transmitter transmitter, TransmitterProperties properties, SignalDeliveryMeters meters, Clock clock) {
		this.transmitter = transmitter;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.pushTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	@Override
	public void start() {
		if (!this.transmitter.tokens().canSign()) {
			// no RS256 key: no stream can have been created here
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "ssf-push");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(this::step, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.executor;
		if (executor != null) {
			executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	/** One pass over the push streams. */
	void step() {
		try {
			long now = this.clock.millis();
			if (now - this.streamsReadAt >= STREAMS_REFRESH.toMillis()) {
				this.streams = this.transmitter.store().all().stream().filter(EventStream::isPush).toList();
				this.streamsReadAt = now;
				Set<String> ids = this.streams.stream().map(EventStream::id).collect(Collectors.toSet());
				this.backoffs.keySet().retainAll(ids);
				this.leases.keySet().retainAll(ids);
				this.boundCheckedAt.keySet().retainAll(ids);
			}
			for (EventStream stream : this.streams) {
				Backoff backoff = this.backoffs.get(stream.id());
				if (backoff != null && now < backoff.nextAttemptAt()) {
					continue;
				}
				if (EventStream.PAUSED.equals(stream.status()) || !holdsLease(stream.id(), now)) {
					continue;
				}
				deliver(stream);
			}
		}
		catch (DataAccessException ex) {
			// Redis is away: the cursors are where they were; the next pass carries on
			logger.debug("SSF push delivery paused: Redis did not answer", ex);
		}
		catch (RuntimeException ex) {
			logger.warn("SSF push delivery failed a pass", ex);
		}
	}

	/**
	 * Whether this instance delivers the stream: the lease is taken or renewed once a
	 * second, for {@link #LEASE}, so that a pass costs no round trip for it.
	 */
	private boolean holdsLease(String streamId, long now) {
		Long until = this.leases.get(streamId);
		if (until != null && now < until) {
			return true;
		}
		if (!this.transmitter.store().lease(streamId, this.instance, LEASE)) {
			this.leases.remove(streamId);
			return false;
		}
		// renewed a second later: the lease outlives this by LEASE minus a second
		this.leases.put(streamId, now + 1000);
		return true;
	}

	private void deliver(EventStream stream) {
		EventStreamStore store = this.transmitter.store();
		for (Map<String, Object> verification : store.verifications(stream.id())) {
			String jti = String.valueOf(verification.get("jti"));
			String set = this.transmitter.tokens().verification(jti, stream, String.valueOf(verification.get("state")));
			if (!outcome(stream, send(stream, set).join(), -1)) {
				return;
			}
			store.verified(stream.id(), verification);
		}
		String cursor = store.cursor(stream.id());
		List<Transmitter.Pending> pending = this.transmitter.pending(stream, cursor, BATCH);
		if (pending.isEmpty()) {
			return;
		}
		// whether the trail was trimmed past the cursor: checked once a second
		long now = this.clock.millis();
		if (now - this.boundCheckedAt.getOrDefault(stream.id(), 0L) >= 1000) {
			this.boundCheckedAt.put(stream.id(), now);
			if (this.transmitter.missed(cursor)) {
				this.meters.missed(stream.clientId());
				logger.warn(
						"SSF stream {} of {} fell behind the outbox's bound (revocation.audit.max-entries, "
								+ "revocation.audit.retention): events were trimmed before it got them",
						stream.id(), stream.clientId());
			}
		}
		// a window of push-concurrency SETs in flight, oldest first; the cursor moves
		// over
		// the prefix taken, so a failure sends again from the first SET not taken (a
		// receiver applies a jti once)
		Semaphore window = new Semaphore(this.properties.pushConcurrency());
		AtomicBoolean failed = new AtomicBoolean();
		List<CompletableFuture<Integer>> answers = new ArrayList<>(pending.size());
		for (Transmitter.Pending next : pending) {
			if (next.event() == null) {
				answers.add(CompletableFuture.completedFuture(204));
				continue;
			}
			try {
				window.acquire();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			if (failed.get()) {
				window.release();
				break;
			}
			answers.add(send(stream, this.transmitter.tokens().sign(next.entry().id(), stream, next.event()))
				.whenComplete((status, ex) -> {
					if (status == null || !(status >= 200 && status < 300 || status == 400)) {
						failed.set(true);
					}
					window.release();
				}));
		}
		String taken = null;
		for (int i = 0; i < answers.size(); i++) {
			Transmitter.Pending next = pending.get(i);
			if (!outcome(stream, answers.get(i).join(), (next.event() != null) ? next.entry().atMillis() : -1)) {
				break;
			}
			taken = next.entry().id();
		}
		if (taken != null) {
			store.advance(stream.id(), taken);
		}
	}

	/**
	 * Posts one SET.
	 * @return its answer's status, or a negative number if none came (a timeout, a
	 * refused connection)
	 */
	private CompletableFuture<Integer> send(EventStream stream, String set) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stream.endpointUrl()))
			.timeout(this.properties.pushTimeout())
			.header("Content-Type", "application/secevent+jwt")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(set));
		if (stream.authorizationHeader() != null) {
			request.header("Authorization", stream.authorizationHeader());
		}
		return this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
			.thenApply(HttpResponse::statusCode)
			.exceptionally((ex) -> -1);
	}

	/**
	 * What a push's answer means.
	 * @param writtenAt when its revocation was written, ms, or negative for none
	 * @return whether to carry on with the next: taken, or refused for good
	 */
	private boolean outcome(EventStream stream, int status, long writtenAt) {
		if (status >= 200 && status < 300) {
			this.backoffs.remove(stream.id());
			if (writtenAt >= 0) {
				this.meters.delivered(stream.clientId(), this.clock.millis() - writtenAt);
			}
			return true;
		}
		if (status == 400) {
			// RFC 8935 §2.3: the receiver refused this SET for good; sending it again
			// cannot help
			this.meters.refused(stream.clientId());
			logger.warn("SSF stream {} of {}: the receiver refused a SET (400); passed over", stream.id(),
					stream.clientId());
			return true;
		}
		return retry(stream, (status < 0) ? "no answer" : "HTTP " + status);
	}

	private boolean retry(EventStream stream, String failure) {
		Backoff previous = this.backoffs.get(stream.id());
		long wait = (previous != null) ? Math.min(previous.waitMillis() * 2, this.properties.maxBackoff().toMillis())
				: 1000;
		this.backoffs.put(stream.id(), new Backoff(wait, this.clock.millis() + wait));
		this.meters.failed(stream.clientId());
		if (previous == null) {
			logger.warn("SSF stream {} of {}: push failed ({}); retried with backoff up to {}", stream.id(),
					stream.clientId(), failure, this.properties.maxBackoff());
		}
		return false;
	}

	private record Backoff(long waitMillis, long nextAttemptAt) {
	}

}
