package dev.jwtrevocation.token;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.jwtrevocation.system.RedisKeys;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * An in-memory copy of every live revocation, kept exact by Redis, so that the
 * per-request check is a hash lookup instead of a network round trip.
 * <p>
 * A dedicated RESP3 connection turns on {@code CLIENT TRACKING ON BCAST PREFIX jr:r:}:
 * from then on Redis pushes the name of every key under that prefix that changes, whoever
 * changed it. On every (re)connect the copy is cleared, tracking is enabled, and only
 * then are the existing keys loaded with {@code SCAN}, so nothing written during the load
 * can be missed: it was either scanned or pushed. Only then is the copy trusted.
 * <p>
 * A revocation key only ever appears (and later expires), so a push for a token or
 * session key is applied at once, without asking Redis, as "revoked for the longest time
 * such a key can live". A push for a user's logout-all cutoff carries no value; until the
 * new value has been read, that user's requests go to Redis.
 * <p>
 * Whenever the copy may have missed a push (not connected yet, connection lost, a
 * {@code PING} unanswered within the interval, Redis flushed its keys), it is not trusted
 * and callers ask Redis directly; if Redis cannot answer either, they fail closed.
 * Lettuce's own client-side caching is not used: it caches no "key absent" answers, loses
 * tracking on reconnect and is deprecated.
 * <p>
 * Writes made through this instance are recorded here as soon as Redis acknowledges them,
 * so on one instance there is no window at all; across instances the window is the push
 * delivery time.
 */
public final class RevocationMirror implements SmartLifecycle {

	static final String CLIENT_NAME = "jwt-revocation-mirror";

	private static final Log logger = LogFactory.getLog(RevocationMirror.class);

	private static final String CUTOFF_SUFFIX = ":cutoff";

	private final Map<String, Long> revokedUntil = new ConcurrentHashMap<>();

	private final Map<String, Cutoff> cutoffs = new ConcurrentHashMap<>();

	private final Map<String, Integer> pendingCutoffs = new ConcurrentHashMap<>();

	/**
	 * Bumped whenever the copy may have missed something; an answer spanning a bump is
	 * not given.
	 */
	private final AtomicLong epoch = new AtomicLong();

	private volatile boolean trusted;

	private final boolean enabled;

	private final Duration pingInterval;

	private final long markerLifetimeMillis;

	private final long cutoffMarginMillis;

	private final Clock clock;

	private final DataRedisConnectionDetails connectionDetails;

	private final ClientResources clientResources;

	private ScheduledExecutorService executor;

	private RedisClient client;

	/**
	 * Replaced only by the executor's single thread; read by Lettuce's threads to ignore
	 * old events.
	 */
	private volatile StatefulRedisConnection<String, String> connection;

	private long lastSweep;

	public RevocationMirror(RevocationProperties revocation, JwtProperties jwt, Clock clock,
			DataRedisConnectionDetails connectionDetails, ClientResources clientResources) {
		Assert.notNull(revocation, "revocation cannot be null");
		Assert.notNull(jwt, "jwt cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.enabled = revocation.mode() == RevocationProperties.Mode.MIRROR;
		this.pingInterval = revocation.mirrorPingInterval();
		// a token or session marker never lives longer than an access token plus skew;
		// the second
		// skew absorbs clock differences between the writer and this instance
		this.markerLifetimeMillis = jwt.accessTokenLifetimeWithSkew().plus(jwt.clockSkew()).toMillis();
		this.cutoffMarginMillis = jwt.clockSkew().toMillis();
		this.clock = clock;
		this.connectionDetails = connectionDetails;
		this.clientResources = clientResources;
	}

	/**
	 * Answers from the copy, or {@code null} when the copy cannot be trusted to answer
	 * for this token right now and Redis must be asked.
	 */
	Boolean isRevoked(AccessToken token) {
		long epochBefore = this.epoch.get();
		if (!this.trusted) {
			return null;
		}
		List<String> keys = RedisKeys.refusing(token.subject(), token.id(), token.sessionId());
		String cutoffKey = keys.get(2);
		if (!this.pendingCutoffs.isEmpty() && this.pendingCutoffs.containsKey(cutoffKey)) {
			return null;
		}
		long now = this.clock.millis();
		boolean revoked = isLive(this.revokedUntil.get(keys.get(0)), now)
				|| isLive(this.revokedUntil.get(keys.get(1)), now);
		if (!revoked) {
			Cutoff cutoff = this.cutoffs.get(cutoffKey);
			revoked = cutoff != null && cutoff.expiresAt() > now && token.issuedAtMillis() <= cutoff.value();
		}
		return (this.trusted && this.epoch.get() == epochBefore) ? revoked : null;
	}

	/** Records a token or session revocation this instance has just written to Redis. */
	public void recordRevoked(String key) {
		this.revokedUntil.put(key, this.clock.millis() + this.markerLifetimeMillis);
	}

	/** Records a logout-all cutoff this instance has just written to Redis. */
	void recordCutoff(String key, long value, Duration ttl) {
		mergeCutoff(key, new Cutoff(value, this.clock.millis() + ttl.toMillis() + this.cutoffMarginMillis));
	}

	public boolean isTrusted() {
		return this.trusted;
	}

	/** How many revocations the copy holds, expired ones not yet swept included. */
	public int size() {
		return this.revokedUntil.size() + this.cutoffs.size();
	}

	@Override
	public void start() {
		if (!this.enabled || this.executor != null) {
			return;
		}
		this.client = RedisClient.create(this.clientResources, redisUri());
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(false)
			.protocolVersion(ProtocolVersion.RESP3)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(500)).build())
			.timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
			.build());
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "revocation-mirror");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(this::tick, 0, this.pingInterval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.executor == null) {
			return;
		}
		untrust(null);
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		closeConnection();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
		this.executor = null;
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	private void tick() {
		try {
			if (this.connection == null || !this.connection.isOpen() || !this.trusted) {
				resynchronize();
			}
			else {
				this.connection.async().ping().get(this.pingInterval.toMillis(), TimeUnit.MILLISECONDS);
			}
			sweep();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			untrust("Redis did not answer: " + ex.getMessage());
			closeConnection();
		}
	}

	private void resynchronize() {
		untrust("resynchronizing");
		closeConnection();
		this.revokedUntil.clear();
		this.cutoffs.clear();
		this.pendingCutoffs.clear();
		long epochAtStart = this.epoch.get();
		StatefulRedisConnection<String, String> connection = this.client.connect(StringCodec.UTF8);
		this.connection = connection;
		// events of a connection already replaced (closed by a resync) must not disturb
		// the new one
		connection.addListener((PushMessage message) -> {
			if (this.connection == connection) {
				onPush(message);
			}
		});
		connection.addListener(new RedisConnectionStateListener() {
			@Override
			public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
				if (RevocationMirror.this.connection == connection) {
					untrust("connection lost");
				}
			}
		});
		RedisCommands<String, String> commands = connection.sync();
		// tracking first, then the scan: a key written meanwhile is scanned, pushed, or
		// both
		commands.clientTracking(TrackingArgs.Builder.enabled().bcast().prefixes(RedisKeys.REVOCATION_PREFIX));
		int loaded = 0;
		ScanArgs match = ScanArgs.Builder.matches(RedisKeys.REVOCATION_PREFIX + "*").limit(1000);
		KeyScanCursor<String> cursor = commands.scan(match);
		while (true) {
			for (String key : cursor.getKeys()) {
				if (key.endsWith(CUTOFF_SUFFIX)) {
					fetchCutoff(commands, key);
				}
				else {
					recordRevoked(key);
				}
				loaded++;
			}
			if (cursor.isFinished()) {
				break;
			}
			cursor = commands.scan(ScanCursor.of(cursor.getCursor()), match);
		}
		if (this.epoch.get() == epochAtStart && connection.isOpen()) {
			this.trusted = true;
			logger.info("Revocation mirror trusted: " + loaded + " live revocations loaded from Redis");
		}
	}

	private void onPush(PushMessage message) {
		if (!"invalidate".equals(message.getType())) {
			return;
		}
		List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
		Object keys = (content.size() > 1) ? content.get(1) : null;
		if (!(keys instanceof List<?> names)) {
			// a null key list: Redis flushed its keys, nothing in the copy can be relied
			// on
			untrust("Redis flushed its keys");
			return;
		}
		for (Object name : names) {
			String key = String.valueOf(name);
			ScheduledExecutorService executor = this.executor;
			if (key.endsWith(CUTOFF_SUFFIX) && executor != null) {
				this.pendingCutoffs.merge(key, 1, Integer::sum);
				executor.execute(() -> refreshCutoff(key));
			}
			else {
				recordRevoked(key);
			}
		}
	}

	private void refreshCutoff(String key) {
		try {
			if (this.connection != null && this.connection.isOpen()) {
				fetchCutoff(this.connection.sync(), key);
			}
		}
		catch (RuntimeException ex) {
			untrust("could not read " + key + ": " + ex.getMessage());
			closeConnection();
		}
		finally {
			this.pendingCutoffs.computeIfPresent(key, (name, count) -> (count > 1) ? count - 1 : null);
		}
	}

	private void fetchCutoff(RedisCommands<String, String> commands, String key) {
		String value = commands.get(key);
		Long ttl = commands.pttl(key);
		if (value != null && ttl != null && ttl > 0) {
			mergeCutoff(key, new Cutoff(Long.parseLong(value), this.clock.millis() + ttl + this.cutoffMarginMillis));
		}
	}

	private void mergeCutoff(String key, Cutoff cutoff) {
		// cutoffs only move forward; whichever of two racing updates lands last, the
		// later one wins
		this.cutoffs.merge(key, cutoff, (current, next) -> (next.value() >= current.value()) ? next : current);
	}

	private void untrust(String reason) {
		this.epoch.incrementAndGet();
		if (this.trusted) {
			this.trusted = false;
			if (reason != null) {
				logger.warn("Revocation mirror not trusted (" + reason
						+ "): requests ask Redis until it has resynchronized");
			}
		}
	}

	private void sweep() {
		long now = this.clock.millis();
		if (now - this.lastSweep < 10_000) {
			return;
		}
		this.lastSweep = now;
		this.revokedUntil.values().removeIf((until) -> until <= now);
		this.cutoffs.values().removeIf((cutoff) -> cutoff.expiresAt() <= now);
	}

	private void closeConnection() {
		StatefulRedisConnection<String, String> current = this.connection;
		this.connection = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Closing the mirror connection failed", ex);
			}
		}
	}

	private RedisURI redisUri() {
		DataRedisConnectionDetails.Standalone standalone = this.connectionDetails.getStandalone();
		Assert.state(standalone != null, "the revocation mirror needs a standalone Redis; use revocation.mode=strict");
		RedisURI.Builder uri = RedisURI.builder()
			.withHost(standalone.getHost())
			.withPort(standalone.getPort())
			.withDatabase(standalone.getDatabase())
			.withSsl(this.connectionDetails.getSslBundle() != null)
			.withClientName(CLIENT_NAME);
		String password = this.connectionDetails.getPassword();
		if (password != null) {
			String username = this.connectionDetails.getUsername();
			if (username != null) {
				uri.withAuthentication(username, password);
			}
			else {
				uri.withPassword(password.toCharArray());
			}
		}
		return uri.build();
	}

	private static boolean isLive(Long until, long now) {
		return until != null && until > now;
	}

	private record Cutoff(long value, long expiresAt) {
	}

}
