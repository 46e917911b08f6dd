package dev.jwtrevocation.revocation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import dev.jwtrevocation.support.RedisProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A mirror pointed at one node of a Redis Cluster would see only the revocations whose
 * slots live there. It must say so and never answer from such a copy.
 */
class UnsupportedTopologyIntegrationTests {

	@Test
	void mirrorWhenConnectedToAClusterNodeThenUnsupportedAndNeverTrusted() throws Exception {
		assumeTrue(Files.isExecutable(RedisProcess.DEBIAN_BINARY), "Debian's redis-server is not installed");
		try (RedisProcess node = RedisProcess.start(RedisProcess.DEBIAN_BINARY, false, "--cluster-enabled", "yes",
				"--cluster-config-file", "nodes.conf")) {
			RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", node.port()));
			RevocationMirror mirror = new RevocationMirror(true, RevocationKeys.DEFAULT, () -> client,
					Duration.ofSeconds(1), Clock.systemUTC());
			try {
				mirror.start();
				await().atMost(Duration.ofSeconds(5)).until(() -> mirror.state() == RevocationMirror.State.UNSUPPORTED);
				assertThat(mirror.reason()).contains("cluster");
				Thread.sleep(500);
				assertThat(mirror.isTrusted()).isFalse();
				assertThat(mirror.state()).isEqualTo(RevocationMirror.State.UNSUPPORTED);
			}
			finally {
				mirror.stop();
				client.shutdown();
			}
		}
		assertThat(Path.of("/")).exists();
	}

}
