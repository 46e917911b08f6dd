package dev.jwtrevocation.revocation;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import dev.jwtrevocation.support.RedisProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A mirror that never becomes trusted, against a Redis that answers commands but forbids
 * what the mirror needs (here CLIENT is renamed away, as some managed offerings do), does
 * not degrade silently: after {@link MirrorStatus#UNTRUSTED_BEFORE_WARNING} a WARN says
 * that every request asks Redis, and why.
 */
@ExtendWith(OutputCaptureExtension.class)
class UntrustedMirrorIntegrationTests {

	@Test
	void mirrorWhenNeverTrustedThenOneWarningAfterTheGracePeriod(CapturedOutput output) throws Exception {
		assumeTrue(Files.isExecutable(RedisProcess.DEBIAN_BINARY), "Debian's redis-server is not installed");
		try (RedisProcess redis = RedisProcess.start(RedisProcess.DEBIAN_BINARY, false, "--rename-command", "CLIENT",
				"")) {
			RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", redis.port()));
			RevocationMirror mirror = new RevocationMirror(true, RevocationKeys.DEFAULT, () -> client,
					Duration.ofSeconds(1), Clock.systemUTC());
			try {
				mirror.start();
				Thread.sleep(MirrorStatus.UNTRUSTED_BEFORE_WARNING.toMillis() / 2);
				assertThat(mirror.isTrusted()).isFalse();
				assertThat(output.getOut()).doesNotContain("Revocation mirror not trusted for");
				await().atMost(MirrorStatus.UNTRUSTED_BEFORE_WARNING.plusSeconds(5))
					.until(() -> output.getOut().contains("Revocation mirror not trusted for"));
				Thread.sleep(2_000);
				assertThat(output.getOut().split("Revocation mirror not trusted for", -1)).hasSize(2);
				assertThat(mirror.isTrusted()).isFalse();
			}
			finally {
				mirror.stop();
				client.shutdown();
			}
		}
	}

}
