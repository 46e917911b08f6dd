package dev.jwtrevocation.token;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.revocation.TokenLifetimes;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Emergency rotation: revokes every token of each key listed in
 * {@code jwt.compromised-keys} through the denylist, so that instances still running with
 * the key and resource servers still holding its public key refuse its tokens at once,
 * not when their configuration or JWK cache catches up.
 * <p>
 * The entries are written when the instance starts, before its web server serves, and
 * written again every third of their lifetime while it runs, so that they outlive the
 * last instance configured with them by {@link JwtProperties#compromisedKeyRevocation()}.
 * A write Redis refuses is retried every few seconds; meanwhile this instance refuses the
 * key's tokens by itself, since the key is not in its key set.
 */
@Component
final class CompromisedKeys implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CompromisedKeys.class);

	private static final Duration RETRY = Duration.ofSeconds(5);

	private final RevocationStore store;

	private final List<String> keyIds;

	private final Duration ttl;

	private volatile ScheduledExecutorService executor;

	/**
	 * @param keyIds the compromised keys' ids
	 * @param ttl each entry's lifetime, renewed every third of it
	 * @throws InvalidSigningKeyException if an id could not be a {@code kid}
	 */
	@Autowired
	CompromisedKeys(RevocationStore store, JwtProperties properties, TokenLifetimes lifetimes) {
		this(store, properties.compromisedKeys(), properties.compromisedKeyRevocation(lifetimes));
	}

	CompromisedKeys(RevocationStore store, List<String> keyIds, Duration ttl) {
		Assert.notNull(store, "store cannot be null");
		Assert.notNull(ttl, "ttl cannot be null");
		for (String id : keyIds) {
			if (!SigningKeys.isValidId(id)) {
				throw new InvalidSigningKeyException("jwt.compromised-keys lists '" + id + "', which is not a key id "
						+ "(letters, digits, '.', '_', '-', at most " + SigningKeys.MAX_ID_LENGTH + ")");
			}
		}
		this.store = store;
		this.keyIds = List.copyOf(keyIds);
		this.ttl = ttl;
	}

	@Override
	public void start() {
		if (this.executor != null || this.keyIds.isEmpty()) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "compromised-keys");
			thread.setDaemon(true);
			return thread;
		});
		revokeAndReschedule();
	}

	private void revokeAndReschedule() {
		Duration next = this.ttl.dividedBy(3);
		for (String id : this.keyIds) {
			try {
				this.store.revokeSigningKey(id, this.ttl);
			}
			catch (RuntimeException ex) {
				// whatever failed, the next attempt must still be scheduled
				logger.warn("Could not revoke compromised signing key " + id + " in Redis (" + ex.getMessage()
						+ "), retrying in " + RETRY.toSeconds() + "s; other instances and resource servers still "
						+ "accept its tokens");
				next = RETRY;
			}
		}
		ScheduledExecutorService executor = this.executor;
		if (executor != null) {
			try {
				executor.schedule(this::revokeAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// stopped meanwhile
			}
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.executor;
		this.executor = null;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * Before the web server's phase: once an instance answers, the entries are in Redis
	 * and every mirror holds them (its own copy loads them when it starts, just after).
	 */
	@Override
	public int getPhase() {
		return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
	}

}
