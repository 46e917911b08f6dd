package dev.jwtrevocation.revocation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatsTests {

	private final Heartbeats heartbeats = new Heartbeats((number) -> "hb:" + number);

	private final MirrorLease.Renewal renewal = new MirrorLease.Renewal(0, 0);

	@Test
	void nextWhenNotLoadedThenNothingIsSent() {
		this.heartbeats.reset(0);
		assertThat(this.heartbeats.next(this.renewal, 0, true)).isNull();
	}

	@Test
	void nextWhenOneIsOnItsWayThenNoSecondButAnotherFollowsIfUrgent() {
		this.heartbeats.loaded(0);
		Heartbeats.Pending first = this.heartbeats.next(this.renewal, 0, false);
		assertThat(first).isNotNull();
		assertThat(this.heartbeats.next(this.renewal, 0, false)).isNull();
		assertThat(this.heartbeats.next(this.renewal, 0, true)).isNull();
		assertThat(this.heartbeats.written(first, 5, "1700000000000-0")).isFalse();
		assertThat(this.heartbeats.arrived(first.key())).isEqualTo(new Heartbeats.Written(first, 5, "1700000000000-0"));
		assertThat(this.heartbeats.confirmed(first)).isTrue();
		assertThat(this.heartbeats.next(this.renewal, 0, false)).isNotNull();
	}

	@Test
	void arrivedWhenThePushComesBeforeTheReplyThenConfirmedOnTheReply() {
		this.heartbeats.loaded(0);
		Heartbeats.Pending pending = this.heartbeats.next(this.renewal, 0, false);
		assertThat(this.heartbeats.arrived(pending.key())).isNull();
		assertThat(this.heartbeats.written(pending, 9, "")).isTrue();
	}

	@Test
	void arrivedWhenThePushIsOfAnAbandonedHeartbeatThenIgnored() {
		this.heartbeats.loaded(0);
		Heartbeats.Pending abandoned = this.heartbeats.next(this.renewal, 0, false);
		this.heartbeats.failed(abandoned);
		Heartbeats.Pending current = this.heartbeats.next(this.renewal, 10, false);
		assertThat(this.heartbeats.written(current, 11, "")).isFalse();
		assertThat(this.heartbeats.isAwaited(abandoned.key())).isFalse();
		assertThat(this.heartbeats.arrived(abandoned.key())).isNull();
	}

	@Test
	void stalledForWhenNothingConfirmedThenTimeSinceTheLoad() {
		this.heartbeats.loaded(100);
		this.heartbeats.next(this.renewal, 150, false);
		assertThat(this.heartbeats.stalledFor(1_100)).isEqualTo(1_000);
	}

	@Test
	void nextWhenAHeartbeatFailedThenProbesUntilOneComesBackAndThenARealOneAtOnce() {
		this.heartbeats.loaded(0);
		Heartbeats.Pending failed = this.heartbeats.next(this.renewal, 0, false);
		assertThat(failed.probe()).isFalse();
		this.heartbeats.failed(failed);
		Heartbeats.Pending probe = this.heartbeats.next(this.renewal, 1, false);
		assertThat(probe.probe()).isTrue();
		this.heartbeats.written(probe, 3, "");
		this.heartbeats.arrived(probe.key());
		assertThat(this.heartbeats.confirmed(probe)).as("a real heartbeat follows at once").isTrue();
		assertThat(this.heartbeats.next(this.renewal, 2, false).probe()).isFalse();
	}

}
