package dev.jwtrevocation.revocation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * An in-memory copy of every live revocation, so that the per-request check is a hash
 * lookup instead of a network round trip, and a lease that says when the copy may answer.
 * <p>
 * On the first connect the copy is loaded: tracking is turned on (see
 * {@link RevocationFeed}), the mirror registers in the lease registry with a first
 * heartbeat, and only then are the live keys loaded: a key written meanwhile is loaded,
 * pushed, or both. A push is applied at once, conservatively
 * ({@link RevocationSnapshot}), and the key re-read for its real TTL.
 * <p>
 * On a reconnect to the same server the copy is kept: every heartbeat tells how far the
 * change log ({@link ChangeLog}) went when it was written, so once its push is confirmed
 * the copy holds every change logged up to there. The new connection turns tracking on,
 * registers, and reads only the keys logged since, and the keys whose re-read the old
 * connection lost. The copy is cleared and loaded again only when that cannot be done:
 * another server ({@code run_id}: a restart or a failover), a log trimmed past that point
 * or flushed, a cluster (no log), or a copy never confirmed.
 * <p>
 * The copy answers only under a lease ({@link MirrorLease}): every quarter lease, and at
 * once when a revoker asks for it (the push of {@link RevocationKeys#poke()}), the mirror
 * writes a heartbeat; when the heartbeat's own push comes back, every change before it
 * has been applied, so it confirms the heartbeat in the registry and extends its lease. A
 * revoker answers its 2xx only once every registered mirror has confirmed a heartbeat
 * after its write or its lease has run out ({@link RevocationStore}). A mirror whose
 * pushes stall simply stops answering before its registered lease ends, and its requests
 * go to Redis; the connection is dropped and the copy reloaded only when the stall
 * outlasts {@link #STALL_BEFORE_RECONNECT}, so a short Redis pause does not make every
 * instance re-read the keyspace at once.
 * <p>
 * The seams, each unit-tested on its own: the copy ({@link RevocationSnapshot}), the
 * lease ({@link MirrorLease}), the heartbeats in flight ({@link Heartbeats}), the
 * connection ({@link RevocationFeed}) and where the mirror stands ({@link MirrorStatus}).
 * This class drives them: (re)connecting, renewing, and applying pushes.
 */
public final class RevocationMirror implements SmartLifecycle {

	/** How long heartbeats may go unanswered before the connection is replaced. */
	static final Duration STALL_BEFORE_RECONNECT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(RevocationMirror.class);

	private final RevocationKeys keys;

	private final RevocationSnapshot snapshot;

	private final MirrorLease lease;

	private final Duration leaseLength;

	private final boolean enabled;

	private final Supplier<AbstractRedisClient> clients;

	private AbstractRedisClient client;

	private final String instance = UUID.randomUUID().toString().substring(0, 13);

	private final LongSupplier nanoTime;

	private final RevocationMetrics metrics;

	private final Heartbeats heartbeats = new Heartbeats(this::heartbeatKey);

	/**
	 * The change log's entry up to which the copy holds every change (from the latest
	 * heartbeat confirmed), {@code null} when unknown: the next connect then reloads.
	 */
	private volatile String logPosition;

	/** The server the copy was made from ({@link RevocationFeed#server()}). */
	private String server;

	/**
	 * Whether the last load or replay completed: a copy left half loaded by a failure is
	 * never replayed, whatever position a late confirmation left behind.
	 */
	private boolean copyComplete;

	/**
	 * The keys whose re-read is on its way on the current connection, with how many: a
	 * new map per connection, so that the old one's leftovers are read again after a
	 * reconnect.
	 */
	private volatile Map<String, Integer> rereads = new ConcurrentHashMap<>();

	/**
	 * When the oldest revocation pushed since the last confirmation arrived (monotonic
	 * nanoseconds), {@link Long#MIN_VALUE} if none: what this instance's confirmation
	 * time is measured from.
	 */
	private final AtomicLong unconfirmedSince = new AtomicLong(Long.MIN_VALUE);

	private final MirrorStatus status;

	private ScheduledExecutorService executor;

	/** Replaced only by the executor's thread; read by Lettuce's threads. */
	private volatile RevocationFeed feed;

	private final Object confirmationSignal = new Object();

	private long confirmationCount;

	private long lastSweep;

	/**
	 * @param enabled whether to run at all ({@code false} in strict mode: the mirror then
	 * never answers)
	 * @param keys the names of the keys it follows
	 * @param clients the client the application's own Redis connections come from, asked
	 * for when the mirror starts
	 * @param leaseLength the lease registered in Redis: the longest a revocation waits
	 * for a mirror whose pushes stall
	 */
	public RevocationMirror(boolean enabled, RevocationKeys keys, Supplier<AbstractRedisClient> clients,
			Duration leaseLength, Clock clock) {
		this(enabled, keys, clients, leaseLength, clock, RevocationMetrics.NONE);
	}

	/**
	 * @param metrics told of every resync and of how late heartbeats' pushes arrive
	 */
	public RevocationMirror(boolean enabled, RevocationKeys keys, Supplier<AbstractRedisClient> clients,
			Duration leaseLength, Clock clock, RevocationMetrics metrics) {
		this(enabled, keys, clients, leaseLength, clock, metrics, TokenLifetimes.DEFAULT);
	}

	/**
	 * @param lifetimes how long tokens live: a token or session key found by a load is
	 * held for the longest life such a key can have
	 * ({@link TokenLifetimes#longestRevocation()}), or until its expiry is pushed
	 */
	public RevocationMirror(boolean enabled, RevocationKeys keys, Supplier<AbstractRedisClient> clients,
			Duration leaseLength, Clock clock, RevocationMetrics metrics, TokenLifetimes lifetimes) {
		this(enabled, keys, clients, leaseLength, clock, System::nanoTime, metrics, lifetimes);
	}

	RevocationMirror(boolean enabled, RevocationKeys keys, Supplier<AbstractRedisClient> clients, Duration leaseLength,
			Clock clock, LongSupplier nanoTime, RevocationMetrics metrics, TokenLifetimes lifetimes) {
		Assert.notNull(lifetimes, "lifetimes cannot be null");
		Assert.notNull(keys, "keys cannot be null");
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(metrics, "metrics cannot be null");
		this.metrics = metrics;
		Assert.notNull(leaseLength, "leaseLength cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.enabled = enabled;
		this.keys = keys;
		this.clients = clients;
		this.leaseLength = leaseLength;
		this.nanoTime = nanoTime;
		this.snapshot = new RevocationSnapshot(keys, clock, lifetimes.longestRevocation());
		this.lease = new MirrorLease(leaseLength, nanoTime);
		this.status = new MirrorStatus(this.lease, nanoTime);
	}

	/** The names of the keys it follows, which its revokers write. */
	public RevocationKeys keys() {
		return this.keys;
	}

	/**
	 * Answers from the copy, or {@link Verdict#UNKNOWN} when it holds no lease right now
	 * and Redis must be asked.
	 */
	Verdict verdict(RevocableToken token) {
		long epoch = this.lease.trustedEpoch();
		if (epoch < 0) {
			return Verdict.UNKNOWN;
		}
		Verdict verdict = this.snapshot.verdict(token);
		// a resync that cleared the copy during the read voids the answer
		return this.lease.isEpoch(epoch) ? verdict : Verdict.UNKNOWN;
	}

	/**
	 * Whether a signing key was revoked as compromised, from the copy, or
	 * {@link Verdict#UNKNOWN} when it holds no lease right now.
	 */
	Verdict signingKeyVerdict(String kid) {
		long epoch = this.lease.trustedEpoch();
		if (epoch < 0) {
			return Verdict.UNKNOWN;
		}
		boolean revoked = this.snapshot.isSigningKeyRevoked(kid);
		if (!this.lease.isEpoch(epoch)) {
			return Verdict.UNKNOWN;
		}
		return revoked ? Verdict.REVOKED : Verdict.NOT_REVOKED;
	}

	/** A token or session key this instance has just written to Redis. */
	void record(String key, Duration ttl) {
		if (this.enabled) {
			this.snapshot.record(key, ttl);
		}
	}

	/** A cutoff this instance has just written to Redis. */
	void recordCutoff(String key, long value, Duration ttl) {
		if (this.enabled) {
			this.snapshot.recordCutoff(key, value, ttl);
		}
	}

	public boolean isTrusted() {
		return this.lease.isTrusted();
	}

	/**
	 * How many times the news that every mirror confirmed a revocation has arrived
	 * ({@link RevocationKeys#confirmed()}): what {@link #awaitConfirmation} waits to see
	 * change.
	 */
	long confirmations() {
		synchronized (this.confirmationSignal) {
			return this.confirmationCount;
		}
	}

	/**
	 * Waits until the news that every mirror confirmed a revocation arrives after
	 * {@code seen}, or {@code millis} pass.
	 * @return the count now
	 */
	long awaitConfirmation(long seen, long millis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		synchronized (this.confirmationSignal) {
			while (this.confirmationCount == seen) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					break;
				}
				TimeUnit.NANOSECONDS.timedWait(this.confirmationSignal, left);
			}
			return this.confirmationCount;
		}
	}

	/** Whether this instance's own mirror is there to receive that news. */
	boolean receivesConfirmations() {
		return this.enabled && this.feed != null;
	}

	/**
	 * This instance's name in the lease registry ({@code jr:lease:{#}:mirrors}) and in
	 * the audit log.
	 */
	public String instance() {
		return this.instance;
	}

	/** Where the mirror stands, for health and metrics. */
	public State state() {
		return this.status.state();
	}

	/** Why the mirror is not trusted, or what it last did. */
	public String reason() {
		return this.status.reason();
	}

	/** How many revocations the copy holds, expired ones not yet swept included. */
	public int size() {
		return this.snapshot.size();
	}

	/** Milliseconds since the lease was last renewed, or -1 without a lease. */
	public long leaseAgeMillis() {
		long age = this.lease.age();
		return (age < 0) ? -1 : TimeUnit.NANOSECONDS.toMillis(age);
	}

	@Override
	public void start() {
		if (this.executor != null || !this.enabled) {
			return;
		}
		this.client = this.clients.get();
		this.status.started();
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "revocation-mirror");
			thread.setDaemon(true);
			return thread;
		});
		long renewEvery = Math.max(1, this.leaseLength.toMillis() / 4);
		this.executor.scheduleWithFixedDelay(this::tick, 0, renewEvery, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.executor == null) {
			return;
		}
		this.lease.revoke();
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		RevocationFeed current = this.feed;
		if (current != null && current.isOpen()) {
			try {
				// no lease any more: revocations need not wait for this instance
				current.deregister(this.instance);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not leave the lease registry; the lease runs out instead", ex);
			}
		}
		closeFeed();
		this.executor = null;
		this.status.stopped();
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	@Override
	public int getPhase() {
		// stop before the connection factory it borrows the client from
		return SmartLifecycle.DEFAULT_PHASE - 10;
	}

	private void tick() {
		try {
			RevocationFeed current = this.feed;
			if (current == null || !current.isOpen()) {
				resynchronize();
			}
			else if (this.heartbeats.stalledFor(this.nanoTime.getAsLong()) > STALL_BEFORE_RECONNECT.toNanos()) {
				this.status
					.untrust("no heartbeat came back for " + STALL_BEFORE_RECONNECT.toSeconds() + " s; reconnecting");
				closeFeed();
			}
			else {
				this.status.noticeLapse();
				renew(current, false);
			}
			sweep();
		}
		catch (RevocationFeed.UnsupportedTopologyException ex) {
			this.status.unsupported(ex.getMessage());
			this.executor.shutdown();
			return;
		}
		catch (RuntimeException ex) {
			this.status.untrust("Redis did not answer: " + ex.getMessage());
			closeFeed();
		}
		this.status.warnIfLongUntrusted();
	}

	private void resynchronize() {
		long began = this.nanoTime.getAsLong();
		this.status.connecting();
		closeFeed();
		String position = this.copyComplete ? this.logPosition : null;
		this.logPosition = null;
		this.copyComplete = false;
		// the re-reads the old connection took with it
		List<String> stale = new ArrayList<>(this.rereads.keySet());
		this.rereads = new ConcurrentHashMap<>();
		this.heartbeats.reset(this.nanoTime.getAsLong());
		if (position == null) {
			this.snapshot.clear();
		}
		else {
			// read again below, before the copy answers (it holds no lease meanwhile)
			this.snapshot.forgetUnsettled();
		}
		this.snapshot.beginBulk();
		RevocationFeed opened;
		int replayed = -1;
		int loaded = 0;
		try {
			opened = RevocationFeed.open(this.client, this.keys, this.instance, this.listener);
			this.feed = opened;
			// registered before the load: a revoker from now on waits for this mirror
			opened.heartbeat(heartbeatKey(0), this.instance, this.leaseLength.toMillis(), heartbeatTtl())
				.toCompletableFuture()
				.join();
			if (position != null && this.server != null && this.server.equals(opened.server())) {
				replayed = opened.replay(position, stale, this.snapshot, STALL_BEFORE_RECONNECT.toMillis());
			}
			if (replayed < 0) {
				if (position != null) {
					this.snapshot.clear();
				}
				loaded = opened.load(this.snapshot, STALL_BEFORE_RECONNECT.toMillis());
			}
		}
		finally {
			this.snapshot.endBulk();
		}
		this.copyComplete = true;
		this.server = opened.server();
		this.heartbeats.loaded(this.nanoTime.getAsLong());
		this.status.loaded();
		long millis = TimeUnit.NANOSECONDS.toMillis(this.nanoTime.getAsLong() - began);
		if (replayed >= 0) {
			this.metrics.replayed();
			logger.info("Revocation mirror reconnected and kept its copy: " + replayed
					+ " revocation keys read from the change log in " + millis + " ms");
		}
		else {
			this.metrics.resynchronized();
			logger.info("Revocation mirror loaded " + loaded + " live revocations from Redis in " + millis + " ms");
		}
		renew(opened, true);
	}

	/**
	 * Sends a heartbeat unless one is on its way; called by the executor every quarter
	 * lease and from the event loop when a revoker asks for one.
	 */
	private void renew(RevocationFeed current, boolean urgent) {
		Heartbeats.Pending pending = this.heartbeats.next(this.lease.begin(), this.nanoTime.getAsLong(), urgent);
		if (pending == null) {
			return;
		}
		long lease = pending.probe() ? 0 : this.leaseLength.toMillis();
		current.heartbeat(pending.key(), this.instance, lease, heartbeatTtl()).whenComplete((reply, failure) -> {
			if (failure != null) {
				this.heartbeats.failed(pending);
			}
			else if (this.heartbeats.written(pending, reply.seq(), reply.logged())) {
				confirm(current, pending, reply.seq(), reply.logged());
			}
		});
	}

	private void confirm(RevocationFeed current, Heartbeats.Pending pending, long seq, String logged) {
		if (this.feed != current) {
			return;
		}
		if (current.isOpen()) {
			// not after a flush, which abandons the feed: the next connect must reload
			this.logPosition = logged.isEmpty() ? null : logged;
		}
		// everything pushed before the heartbeat is in the copy (re-reads may still be on
		// their way, but each key they concern already refuses conservatively)
		if (!pending.probe()) {
			this.lease.grant(pending.renewal());
			this.status.trusted();
		}
		current.confirm(this.instance, seq);
		long since = this.unconfirmedSince.get();
		if (since != Long.MIN_VALUE && pending.sentAt() - since >= 0
				&& this.unconfirmedSince.compareAndSet(since, Long.MIN_VALUE)) {
			this.metrics.revocationConfirmed(this.nanoTime.getAsLong() - since);
		}
		if (this.heartbeats.confirmed(pending)) {
			renew(current, true);
		}
	}

	private final RevocationFeed.Listener listener = new RevocationFeed.Listener() {

		@Override
		public void onChanged(RevocationFeed source, List<String> keys) {
			if (source != RevocationMirror.this.feed) {
				return;
			}
			boolean poked = false;
			String arrived = null;
			for (String key : keys) {
				if (!RevocationMirror.this.keys.isLease(key)) {
					RevocationMirror.this.unconfirmedSince.compareAndSet(Long.MIN_VALUE,
							RevocationMirror.this.nanoTime.getAsLong());
					RevocationMirror.this.snapshot.suspect(key);
					Map<String, Integer> rereads = RevocationMirror.this.rereads;
					rereads.merge(key, 1, Integer::sum);
					source.read(key, RevocationMirror.this.snapshot, true).whenComplete((read, ex) -> {
						if (ex == null) {
							rereads.computeIfPresent(key, (name, count) -> (count > 1) ? count - 1 : null);
							return;
						}
						// the key stays suspected until the next connection reads it
						// again
						RevocationMirror.this.status.untrust("could not re-read a revocation key: " + ex.getMessage());
						source.abandon();
					});
				}
				else if (key.equals(RevocationMirror.this.keys.poke())) {
					poked = true;
				}
				else if (key.equals(RevocationMirror.this.keys.confirmed())) {
					synchronized (RevocationMirror.this.confirmationSignal) {
						RevocationMirror.this.confirmationCount++;
						RevocationMirror.this.confirmationSignal.notifyAll();
					}
				}
				else if (RevocationMirror.this.heartbeats.isAwaited(key)) {
					arrived = key;
				}
			}
			// the heartbeat counts only once every key of its batch has been applied
			if (arrived != null) {
				long sentAt = RevocationMirror.this.heartbeats.sentAt(arrived);
				if (sentAt != Long.MIN_VALUE) {
					RevocationMirror.this.metrics.pushArrived(RevocationMirror.this.nanoTime.getAsLong() - sentAt);
				}
				Heartbeats.Written written = RevocationMirror.this.heartbeats.arrived(arrived);
				if (written != null) {
					confirm(source, written.pending(), written.seq(), written.logged());
				}
			}
			if (poked) {
				// a revoker waits for a heartbeat numbered after its revocation
				renew(source, true);
			}
		}

		@Override
		public void onFlushed(RevocationFeed source) {
			if (source == RevocationMirror.this.feed) {
				RevocationMirror.this.status.untrust("Redis flushed its keys");
				RevocationMirror.this.logPosition = null;
				source.abandon();
				reconnectNow();
			}
		}

		@Override
		public void onLost(RevocationFeed source, String why) {
			if (source == RevocationMirror.this.feed) {
				RevocationMirror.this.status.untrust(why);
				reconnectNow();
			}
		}

	};

	/**
	 * Connects again at once rather than at the next tick, a quarter lease away: with the
	 * copy kept, a reconnect takes a few round trips.
	 */
	private void reconnectNow() {
		ScheduledExecutorService current = this.executor;
		if (current != null) {
			try {
				current.execute(this::tick);
			}
			catch (RejectedExecutionException ex) {
				// stopping
			}
		}
	}

	private String heartbeatKey(long number) {
		return this.keys.heartbeat(this.instance, number);
	}

	private long heartbeatTtl() {
		return STALL_BEFORE_RECONNECT.toMillis();
	}

	private void sweep() {
		long now = System.currentTimeMillis();
		if (now - this.lastSweep >= 10_000) {
			this.lastSweep = now;
			this.snapshot.sweep();
		}
	}

	private void closeFeed() {
		RevocationFeed current = this.feed;
		this.feed = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Closing the mirror connection failed", ex);
			}
		}
	}

	/** Where the mirror stands. */
	public enum State {

		/** Not running: strict mode, or shut down. */
		STOPPED,

		/** Connecting and loading the copy. */
		CONNECTING,

		/** The copy is loaded; no lease right now, requests ask Redis. */
		LOADED,

		/** The copy answers. */
		TRUSTED,

		/** Redis is of a kind the mirror cannot follow; requests ask Redis. */
		UNSUPPORTED

	}

}
