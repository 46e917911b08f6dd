package dev.jwtrevocation.system;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class RenamedSettingsTests {

	@Test
	void formerEnvironmentVariableWhenTheCurrentNameIsUnsetThenItsValueIsBound() {
		StandardEnvironment environment = environment(Map.of(),
				Map.of("AUTH_REFRESH_MAX_PER_MINUTE", "3", "AUTH_HASHING_MAX_WAIT", "250ms"));
		Binder binder = Binder.get(environment);
		assertThat(binder.bind("session.refresh.max-per-minute", Integer.class).get()).isEqualTo(3);
		assertThat(binder.bind("security.hashing.max-wait", Duration.class).get()).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void formerPropertyWhenTheCurrentNameIsAlsoSetThenTheCurrentOneWins() {
		StandardEnvironment environment = environment(
				Map.of("auth.refresh.reuse-grace", "5s", "session.refresh.reuse-grace", "10s"), Map.of());
		assertThat(Binder.get(environment).bind("session.refresh.reuse-grace", Duration.class).get())
			.isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void unrelatedNameWhenPresentThenNothingIsRenamed() {
		StandardEnvironment environment = environment(Map.of("auth.login-throttle.max-failures", "7"),
				Map.of("AUTH_LOGIN_THROTTLE_WINDOW", "1m"));
		assertThat(environment.getPropertySources().contains("renamedSettings")).isFalse();
		assertThat(RenamedSettings.current("auth.login-throttle.max-failures")).isNull();
		assertThat(RenamedSettings.current("AUTH_REFRESH_MAX_SESSIONS_PER_USER"))
			.isEqualTo("session.refresh.max-sessions-per-user");
	}

	private static StandardEnvironment environment(Map<String, Object> properties, Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		environment.getPropertySources()
			.addAfter("test", new SystemEnvironmentPropertySource("testEnvironment", variables));
		new RenamedSettings(new DeferredLogs()).postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
