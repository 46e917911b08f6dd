package dev.jwtrevocation.oidc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One named daemon thread running tasks now or after a delay, until stopped: the
 * providers' discovery and the SSF streams each have one, so that a slow provider never
 * holds a request thread. A task scheduled after {@link #stop} is dropped.
 */
final class BackgroundThread {

	private final String name;

	private volatile ScheduledExecutorService executor;

	BackgroundThread(String name) {
		this.name = name;
	}

	void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, this.name);
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Runs the task after {@code delay}, unless stopped. */
	void schedule(Runnable task, Duration delay) {
		ScheduledExecutorService executor = this.executor;
		if (executor != null && !executor.isShutdown()) {
			executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	void stop() {
		ScheduledExecutorService executor = this.executor;
		this.executor = null;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	boolean isRunning() {
		return this.executor != null;
	}

}
