package dev.jwtrevocation.revocation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcknowledgedWritesTests {

	@Test
	void connectedReplicasWhenInfoListsThemThenTheirCount() {
		String info = "# Replication\r\nrole:master\r\nconnected_slaves:2\r\n"
				+ "slave0:ip=127.0.0.1,port=7001,state=online,offset=42,lag=0\r\n";
		assertThat(AcknowledgedWrites.connectedReplicas(info)).isEqualTo(2);
	}

	@Test
	void connectedReplicasWhenNoneOrNotSaidThenZero() {
		assertThat(AcknowledgedWrites.connectedReplicas("# Replication\nrole:master\nconnected_slaves:0\n")).isZero();
		assertThat(AcknowledgedWrites.connectedReplicas("# Replication\nrole:slave\n")).isZero();
	}

}
