package dev.jwtrevocation.system;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.jwtrevocation.JwtRevocationApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class PackagedDevProfileTests {

	@Test
	void isPackagedWhenTheClassesComeFromAJarThenTrueAndFromABuildDirectoryFalse() {
		assertThat(PackagedDevProfile.isPackaged("jar:nested:/srv/jwt-revocation-0.1.0.jar/!BOOT-INF/classes/!/"))
			.isTrue();
		assertThat(PackagedDevProfile.isPackaged("file:/srv/jwt-revocation-0.1.0.jar")).isTrue();
		assertThat(PackagedDevProfile.isPackaged("file:/work/main/target/classes/")).isFalse();
	}

	@Test
	void devProfileWhenRunFromClassesThenTheAddressIsLeftAlone() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.setActiveProfiles("dev");
		new PackagedDevProfile(new DeferredLogs()).postProcessEnvironment(environment,
				new SpringApplication(JwtRevocationApplication.class));
		// the tests run from target/classes, as ./mvnw spring-boot:run does
		assertThat(environment.getProperty("server.address")).isNull();
	}

	@Test
	void devProfileWhenAnAddressIsConfiguredThenItWins() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.setActiveProfiles("dev");
		environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("server.address", "0.0.0.0")));
		new PackagedDevProfile(new DeferredLogs()).postProcessEnvironment(environment,
				new SpringApplication(JwtRevocationApplication.class));
		assertThat(environment.getProperty("server.address")).isEqualTo("0.0.0.0");
	}

}
