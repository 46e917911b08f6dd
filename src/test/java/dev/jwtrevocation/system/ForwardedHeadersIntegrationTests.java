package dev.jwtrevocation.system;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.jwtrevocation.support.Api;
import dev.jwtrevocation.support.Instances;
import dev.jwtrevocation.support.TestRedis;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Whose address the throttles and the session list see. Kubernetes is simulated the way
 * Spring Boot detects it ({@code spring.main.cloud-platform=kubernetes}, what
 * {@code KUBERNETES_SERVICE_HOST} and {@code _PORT} select): before the fix, Boot then
 * switched to {@code native} and trusted every forged {@code X-Forwarded-For} from
 * 127.0.0.1.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForwardedHeadersIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void loginWhenOnKubernetesAndEveryRequestForgesItsAddressThenThePerAddressCeilingStillHolds(CapturedOutput output) {
		try (ConfigurableApplicationContext app = Instances.start("--spring.data.redis.url=" + TestRedis.get().url(),
				"--spring.main.cloud-platform=kubernetes", "--auth.login-throttle.max-failures-per-address=5")) {
			// other tests' failures from 127.0.0.1 may still count in this Redis
			app.getBean(StringRedisTemplate.class).delete("jr:throttle-address:127.0.0.1");
			Api api = Api.of(app);
			String username = Api.uniqueUsername();
			assertThat(api.register(username, "correct horse battery").status()).isEqualTo(201);
			JsonNode tokens = json.readTree(login(api, username, "correct horse battery", "1.2.3.4").body());
			JsonNode session = api.get("/auth/sessions", tokens.get("access_token").asString()).json().get(0);
			assertThat(session.get("ip").asString()).isEqualTo("127.0.0.1");
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				statuses.add(login(api, Api.uniqueUsername(), "wrong password", "203.0.113." + i).status());
			}
			assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429, 429, 429);
			assertThat(output.toString().split("Requests carry X-Forwarded-For or Forwarded", -1)).hasSize(2);
			assertThat(output).doesNotContain("203.0.113.");
		}
	}

	@Test
	void sessionWhenNativeWithTheProxyNamedThenTheForwardedAddressIsTheClients() {
		try (ConfigurableApplicationContext app = Instances.start("--spring.data.redis.url=" + TestRedis.get().url(),
				"--server.forward-headers-strategy=native",
				"--server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1")) {
			Api api = Api.of(app);
			String username = Api.uniqueUsername();
			assertThat(api.register(username, "correct horse battery").status()).isEqualTo(201);
			JsonNode tokens = json.readTree(login(api, username, "correct horse battery", "1.2.3.4").body());
			JsonNode session = api.get("/auth/sessions", tokens.get("access_token").asString()).json().get(0);
			assertThat(session.get("ip").asString()).isEqualTo("1.2.3.4");
		}
	}

	@Test
	void startWhenNativeWithoutNamedProxiesOrFrameworkThenRefusedWithOneLine(CapturedOutput output) {
		assertThatException().isThrownBy(() -> Instances.start("--spring.data.redis.url=" + TestRedis.get().url(),
				"--server.forward-headers-strategy=native"));
		assertThat(output)
			.contains("server.forward-headers-strategy=native without server.tomcat.remoteip.internal-proxies trusts "
					+ "X-Forwarded-For from every private address");
		assertThatException().isThrownBy(() -> Instances.start("--spring.data.redis.url=" + TestRedis.get().url(),
				"--server.forward-headers-strategy=framework"));
		assertThat(output).contains(
				"server.forward-headers-strategy=framework takes the left-most X-Forwarded-For entry, which any client "
						+ "writes");
	}

	private static Api.Response login(Api api, String username, String password, String forwardedFor) {
		return api.send(api.request("/auth/login", null)
			.header("Content-Type", "application/json")
			.header("X-Forwarded-For", forwardedFor)
			.POST(BodyPublishers
				.ofString(json.writeValueAsString(Map.of("username", username, "password", password)))));
	}

}
