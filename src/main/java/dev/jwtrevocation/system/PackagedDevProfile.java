package dev.jwtrevocation.system;

import java.security.CodeSource;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * The {@code dev} profile is the local playground of {@code ./mvnw spring-boot:run}: a
 * demo user with a published password and an OAuth client with a published secret. Turned
 * on for a packaged jar (by a stray {@code SPRING_PROFILES_ACTIVE=dev} on a server), it
 * listens on loopback only, with one WARN, unless {@code server.address} says otherwise.
 */
public final class PackagedDevProfile implements EnvironmentPostProcessor, Ordered {

	private final Log logger;

	public PackagedDevProfile(DeferredLogFactory logs) {
		this.logger = logs.getLog(PackagedDevProfile.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		// the application's own class: the main class may be a launcher's or a test
		// runner's
		Class<?> primary = application.getAllSources()
			.stream()
			.filter(Class.class::isInstance)
			.map(Class.class::cast)
			.findFirst()
			.orElse(null);
		CodeSource source = (primary != null) ? primary.getProtectionDomain().getCodeSource() : null;
		if (source == null || !environment.acceptsProfiles(Profiles.of("dev"))
				|| environment.containsProperty("server.address") || !isPackaged(source.getLocation().toString())) {
			return;
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource("packagedDevProfile", Map.of("server.address", "127.0.0.1")));
		this.logger.warn("The dev profile (demo user, published client secret) is active in a packaged jar: "
				+ "listening on 127.0.0.1 only. Set SERVER_ADDRESS to choose otherwise");
	}

	/** After the configuration files, so that the profiles they activate are known. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/** Whether the classes come from a jar rather than a build's classes directory. */
	static boolean isPackaged(String location) {
		return location.startsWith("jar:") || location.endsWith(".jar") || location.contains(".jar!")
				|| location.contains(".jar/!");
	}

}
