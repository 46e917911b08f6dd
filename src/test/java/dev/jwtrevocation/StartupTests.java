package dev.jwtrevocation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;

import dev.jwtrevocation.support.RedisProcess;
import dev.jwtrevocation.support.TestRedis;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Outside the dev profile the application refuses to start without a usable signing key,
 * says why in one line, and never prints the key.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupTests {

	@Test
	void startWhenSecretIsMissingThenRefusesWithOneClearLine(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--jwt.secret="));
		assertThat(output)
			.contains("JWT_SECRET is not set: the signing key must be base64 of at least 32 random bytes");
	}

	@Test
	void startWhenAnEs256KeyIsNotUsableThenRefusesWithOneClearLineAndNoKeyMaterial(CapturedOutput output) {
		String sec1 = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBmVr2SECRETMATERIAL\n-----END EC PRIVATE KEY-----";
		assertThatException().isThrownBy(() -> run("--jwt.secret=" + IntegrationTestSecret.VALUE, "--jwt.keys[0].id=k1",
				"--jwt.keys[0].private-key=" + sec1));
		assertThat(output).contains("jwt.keys[0] is a SEC1 EC key; convert it to PKCS#8")
			.doesNotContain("SECRETMATERIAL");
		assertThatException().isThrownBy(() -> run("--jwt.secret=" + IntegrationTestSecret.VALUE, "--jwt.keys[0].id=k1",
				"--jwt.keys[0].private-key=file:/nonexistent/key.pem"));
		assertThat(output).contains("jwt.keys[0].private-key: cannot read file:/nonexistent/key.pem");
		String pem = dev.jwtrevocation.token.Es256Keys.pem(dev.jwtrevocation.token.Es256Keys.generate());
		assertThatException().isThrownBy(() -> run("--jwt.secret=" + IntegrationTestSecret.VALUE, "--jwt.keys[0].id=k1",
				"--jwt.keys[0].private-key=" + pem, "--jwt.compromised-keys=k1"));
		assertThat(output)
			.contains("every key of jwt.keys is listed in jwt.compromised-keys: add a new key that " + "signs now");
	}

	@Test
	void startWhenSecretIsShorterThan32BytesThenRefusesWithoutPrintingIt(CapturedOutput output) {
		// 31 bytes
		String weak = "JpmQMYXRWJdpvSPYy/raXwsRFElZF+AnT38Hwj1tYA==";
		assertThatException().isThrownBy(() -> run("--jwt.secret=" + weak));
		assertThat(output).contains("JWT_SECRET decodes to 31 bytes, fewer than the 32 required").doesNotContain(weak);
	}

	@Test
	void startWhenSecretIsNotBase64ThenRefusesWithoutPrintingIt(CapturedOutput output) {
		String notBase64 = "this is not base64 but is long enough to be a key!!";
		assertThatException().isThrownBy(() -> run("--jwt.secret=" + notBase64));
		assertThat(output).contains("JWT_SECRET is not valid base64").doesNotContain(notBase64);
	}

	@Test
	void startWhenSecretIsARepeatedPatternThenRefusesWithoutPrintingIt(CapturedOutput output) {
		// base64 of "secret" repeated to 36 bytes: long enough, not random
		String repeated = java.util.Base64.getEncoder()
			.encodeToString(
					"secretsecretsecretsecretsecretsecret".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		assertThatException().isThrownBy(() -> run("--jwt.secret=" + repeated));
		assertThat(output).contains("JWT_SECRET is a short pattern repeated").doesNotContain(repeated);
	}

	@Test
	void startWhenRedisHostAndPortAreSetWithoutUrlThenTheyAreUsed() {
		// nothing in application.yml may override SPRING_DATA_REDIS_HOST and _PORT
		TestRedis redis = TestRedis.get();
		SpringApplication application = new SpringApplication(JwtRevocationApplication.class);
		try (ConfigurableApplicationContext context = application.run("--server.port=0",
				"--jwt.secret=" + IntegrationTestSecret.VALUE, "--spring.data.redis.host=" + redis.host(),
				"--spring.data.redis.port=" + redis.port(), "--revocation.mode=strict")) {
			LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
			assertThat(factory.getPort()).isEqualTo(redis.port());
			assertThat(
					context.getBean(StringRedisTemplate.class).execute((RedisCallback<String>) RedisConnection::ping))
				.isEqualTo("PONG");
		}
	}

	@Test
	void startWhenRedisPasswordIsSetSeparatelyThenItIsUsed() {
		assumeTrue(Files.isExecutable(RedisProcess.DEBIAN_BINARY), "Debian's redis-server is not installed");
		try (RedisProcess redis = RedisProcess.start(RedisProcess.DEBIAN_BINARY, false, "--requirepass",
				"a-redis-password")) {
			SpringApplication application = new SpringApplication(JwtRevocationApplication.class);
			try (ConfigurableApplicationContext context = application.run("--server.port=0",
					"--jwt.secret=" + IntegrationTestSecret.VALUE, "--spring.data.redis.host=127.0.0.1",
					"--spring.data.redis.port=" + redis.port(), "--spring.data.redis.password=a-redis-password")) {
				assertThat(context.getBean(StringRedisTemplate.class)
					.execute((RedisCallback<String>) RedisConnection::ping)).isEqualTo("PONG");
			}
		}
	}

	@Test
	void jwtPropertiesWhenPrintedThenTheSecretIsHidden() {
		dev.jwtrevocation.token.JwtProperties properties = new dev.jwtrevocation.token.JwtProperties(
				IntegrationTestSecret.VALUE, "i", "a", "c",
				java.util.List.of(new dev.jwtrevocation.token.JwtProperties.Key("k1",
						"-----BEGIN PRIVATE KEY-----PEMBODY", null)),
				java.time.Duration.ofMinutes(5), 100, java.util.List.of("k0"));
		assertThat(properties.toString()).doesNotContain(IntegrationTestSecret.VALUE)
			.contains("<hidden>")
			.contains("k1")
			.doesNotContain("PEMBODY");
	}

	private static final class IntegrationTestSecret {

		static final String VALUE = dev.jwtrevocation.support.IntegrationTest.TEST_SECRET;

	}

	private static void run(String... args) {
		SpringApplication application = new SpringApplication(JwtRevocationApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args).close();
	}

}
