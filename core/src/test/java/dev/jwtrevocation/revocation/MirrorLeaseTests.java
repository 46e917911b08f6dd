package dev.jwtrevocation.revocation;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MirrorLeaseTests {

	private final AtomicLong nanos = new AtomicLong(1_000);

	private final MirrorLease lease = new MirrorLease(Duration.ofMillis(1000), this.nanos::get);

	@Test
	void trustedWhenNeverGrantedThenNo() {
		assertThat(this.lease.isTrusted()).isFalse();
		assertThat(this.lease.trustedEpoch()).isEqualTo(-1);
		assertThat(this.lease.age()).isEqualTo(-1);
	}

	@Test
	void grantWhenHeartbeatCameBackThenTrustedUntilNinetyPercentOfTheLeaseAfterItWasSent() {
		MirrorLease.Renewal renewal = this.lease.begin();
		this.nanos.addAndGet(millis(300));
		this.lease.grant(renewal);
		assertThat(this.lease.isTrusted()).isTrue();
		// the countdown started before the heartbeat was sent, not when it came back
		this.nanos.addAndGet(millis(599));
		assertThat(this.lease.isTrusted()).isTrue();
		this.nanos.addAndGet(millis(1));
		assertThat(this.lease.isTrusted()).isFalse();
	}

	@Test
	void revokeWhenBetweenBeginAndGrantThenTheLateGrantTrustsNothing() {
		MirrorLease.Renewal renewal = this.lease.begin();
		this.lease.revoke();
		this.lease.grant(renewal);
		assertThat(this.lease.isTrusted()).isFalse();
	}

	@Test
	void revokeWhenTrustedThenAnAnswerReadMeanwhileIsVoid() {
		this.lease.grant(this.lease.begin());
		long epoch = this.lease.trustedEpoch();
		assertThat(epoch).isNotNegative();
		this.lease.revoke();
		assertThat(this.lease.isEpoch(epoch)).isFalse();
		assertThat(this.lease.isTrusted()).isFalse();
	}

	@Test
	void grantWhenAnOlderRenewalComesBackLastThenTheLeaseIsNotShortened() {
		MirrorLease.Renewal older = this.lease.begin();
		this.nanos.addAndGet(millis(500));
		this.lease.grant(this.lease.begin());
		this.lease.grant(older);
		this.nanos.addAndGet(millis(800));
		assertThat(this.lease.isTrusted()).isTrue();
	}

	@Test
	void ageWhenGrantedThenTimeSinceTheRenewalWasSent() {
		this.lease.grant(this.lease.begin());
		this.nanos.addAndGet(millis(200));
		assertThat(this.lease.age()).isEqualTo(millis(200));
	}

	private static long millis(long millis) {
		return Duration.ofMillis(millis).toNanos();
	}

}
