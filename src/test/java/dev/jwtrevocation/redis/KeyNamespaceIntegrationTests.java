package dev.jwtrevocation.redis;

import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two deployments sharing one Redis under different key namespaces: each writes only
 * under its own, and two instances of one deployment refuse each other's revocations from
 * their mirrors as always, while the other deployment is untouched.
 */
class KeyNamespaceIntegrationTests {

	@Test
	void namespaceWhenSetThenEveryKeyUnderItAndItsInstancesShareRevocations() {
		String redis = "--spring.data.redis.url=" + TestRedis.get().url();
		try (ConfigurableApplicationContext a = Instances.start(redis, "--revocation.key-namespace=tenant-b");
				ConfigurableApplicationContext b = Instances.start(redis, "--revocation.key-namespace=tenant-b");
				ConfigurableApplicationContext other = Instances.start(redis)) {
			StringRedisTemplate keys = a.getBean(StringRedisTemplate.class);
			Api first = Api.of(a);
			Api second = Api.of(b);
			String username = Api.uniqueUsername();
			JsonNode tokens = first.newUserLogin(username, "correct horse battery");
			String token = tokens.get("access_token").asString();
			assertThat(second.get("/api/me", token).status()).isEqualTo(200);

			assertThat(first.post("/auth/logout", token).status()).isEqualTo(204);

			assertThat(second.get("/api/me", token).json().get("type").asString()).endsWith(":token-revoked");
			String user = "{" + username.toLowerCase(java.util.Locale.ROOT) + "}";
			Set<String> written = keys.keys("*" + user + "*");
			assertThat(written).isNotEmpty().allSatisfy((key) -> assertThat(key).startsWith("tenant-b:"));
			assertThat(written).anySatisfy((key) -> assertThat(key).startsWith("tenant-b:r:" + user + ":"));
			assertThat(keys.opsForHash().size("tenant-b:lease:{#}:mirrors")).isEqualTo(2);
			// the default deployment knows neither the user nor its revocation
			assertThat(Api.of(other).login(username, "correct horse battery").status()).isEqualTo(401);
		}
	}

}
