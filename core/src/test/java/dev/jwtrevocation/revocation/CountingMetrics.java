package dev.jwtrevocation.revocation;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts how a mirror came back after each (re)connect: reloads and replays. */
final class CountingMetrics implements RevocationMetrics {

	final AtomicInteger reloads = new AtomicInteger();

	final AtomicInteger replays = new AtomicInteger();

	@Override
	public void resynchronized() {
		this.reloads.incrementAndGet();
	}

	@Override
	public void replayed() {
		this.replays.incrementAndGet();
	}

}
