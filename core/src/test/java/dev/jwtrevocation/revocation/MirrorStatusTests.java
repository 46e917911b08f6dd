package dev.jwtrevocation.revocation;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.jwtrevocation.revocation.RevocationMirror.State;

import static org.assertj.core.api.Assertions.assertThat;

class MirrorStatusTests {

	private final AtomicLong nanos = new AtomicLong(1_000);

	private final MirrorLease lease = new MirrorLease(Duration.ofMillis(1000), this.nanos::get);

	private final MirrorStatus status = new MirrorStatus(this.lease, this.nanos::get);

	@Test
	void stateWhenNeverStartedThenStoppedWithAReason() {
		assertThat(this.status.state()).isEqualTo(State.STOPPED);
		assertThat(this.status.reason()).isEqualTo("not started");
	}

	@Test
	void stateWhenLoadedThenTrustedOnceAHeartbeatCameBackAndLoadedWhenTheLeaseRunsOut() {
		this.status.started();
		this.status.connecting();
		assertThat(this.status.state()).isEqualTo(State.CONNECTING);
		this.status.loaded();
		assertThat(this.status.state()).isEqualTo(State.LOADED);
		this.lease.grant(this.lease.begin());
		this.status.trusted();
		assertThat(this.status.state()).isEqualTo(State.TRUSTED);
		assertThat(this.status.reason()).isEqualTo("trusted");
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		// the lease ran out: no longer trusted, even before the mirror's thread notices
		assertThat(this.status.state()).isEqualTo(State.LOADED);
		this.status.noticeLapse();
		assertThat(this.status.reason()).contains("no heartbeat came back within the lease");
	}

	@Test
	void untrustWhenTrustedThenTheLeaseEndsAtOnceWithTheReason() {
		this.lease.grant(this.lease.begin());
		this.status.trusted();
		this.status.untrust("Redis flushed its keys");
		assertThat(this.lease.isTrusted()).isFalse();
		assertThat(this.status.state()).isEqualTo(State.LOADED);
		assertThat(this.status.reason()).isEqualTo("Redis flushed its keys");
	}

	@Test
	void unsupportedWhenTrustedThenOffForGood() {
		this.lease.grant(this.lease.begin());
		this.status.unsupported("a Redis without CLIENT TRACKING");
		assertThat(this.lease.isTrusted()).isFalse();
		assertThat(this.status.state()).isEqualTo(State.UNSUPPORTED);
		assertThat(this.status.reason()).isEqualTo("a Redis without CLIENT TRACKING");
	}

}
