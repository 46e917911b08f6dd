package dev.jwtrevocation.revocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.jwtrevocation.JwtRevocationApplication;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.IntegrationTest;
import dev.jwtrevocation.support.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Redis reachable only over TLS, with an ACL user and a private CA given as an SSL
 * bundle, as a managed Redis would be: the mirror's connection must use exactly what the
 * application's connection uses, become trusted, and never speak plaintext to the port.
 * Needs Debian's redis-server (built with TLS), which {@code .ci/run} installs; skipped
 * where it is missing.
 */
class TlsMirrorIntegrationTests {

	private static RedisProcess redis;

	private static Path certificates;

	@BeforeAll
	static void startTlsRedis() throws Exception {
		assumeTrue(Files.isExecutable(RedisProcess.DEBIAN_BINARY), "Debian's redis-server is not installed");
		certificates = Files.createTempDirectory("jwt-revocation-tls");
		openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca", "-keyout",
				"ca.key", "-out", "ca.crt");
		openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "redis.key", "-out",
				"redis.csr");
		Files.writeString(certificates.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
		openssl("x509", "-req", "-in", "redis.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days",
				"2", "-extfile", "san.ext", "-out", "redis.crt");
		redis = RedisProcess.start(RedisProcess.DEBIAN_BINARY, true, "--tls-cert-file", path("redis.crt"),
				"--tls-key-file", path("redis.key"), "--tls-ca-cert-file", path("ca.crt"), "--tls-auth-clients", "no",
				"--user", "default", "off", "--user", "app", "on", ">app-secret", "~*", "&*", "+@all");
	}

	@AfterAll
	static void stopIt() {
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void mirrorWhenRedisNeedsTlsAndAnAclUserThenTrustedOverTlsAndRevocationsHold() {
		try (ConfigurableApplicationContext context = Instances.start(
				"--spring.data.redis.url=rediss://app:app-secret@127.0.0.1:" + redis.port(),
				"--spring.data.redis.ssl.bundle=redis",
				"--spring.ssl.bundle.pem.redis.truststore.certificate=file:" + path("ca.crt"))) {
			RevocationMirrorIntegrationTests.awaitTrusted(context);
			Api api = RevocationMirrorIntegrationTests.api(context);
			String token = api.newUserToken(Api.uniqueUsername());
			assertThat(api.get("/api/me", token).status()).isEqualTo(200);
			assertThat(api.post("/auth/logout", token).status()).isEqualTo(204);
			assertThat(api.get("/api/me", token).status()).isEqualTo(401);
			assertThat(RevocationMirrorIntegrationTests.mirror(context).isTrusted()).isTrue();
		}
		// a plaintext HELLO or AUTH on the TLS port would have failed its handshake here
		assertThat(redis.log()).doesNotContain("Error accepting a client connection")
			.doesNotContain("wrong version number");
	}

	private static void openssl(String... args) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(
				java.util.stream.Stream.concat(java.util.stream.Stream.of("openssl"), List.of(args).stream()).toList())
			.directory(certificates.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as(output).isZero();
	}

	private static String path(String name) {
		return certificates.resolve(name).toString();
	}

}
