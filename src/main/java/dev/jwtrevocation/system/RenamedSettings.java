package dev.jwtrevocation.system;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Settings renamed so that each prefix belongs to the package that owns it
 * ({@code docs/configuration.md} lists them), with the former names still working: a
 * value given only under its former name (property or environment variable, such as
 * {@code AUTH_REFRESH_MAX_PER_MINUTE}) is read for the current one, and one WARN at start
 * names each former name in use. A value under the current name wins.
 */
public final class RenamedSettings implements EnvironmentPostProcessor, Ordered {

	/** Current prefix to former prefix. */
	static final Map<String, String> RENAMED = Map.of("session.refresh.", "auth.refresh.", "security.hashing.",
			"auth.hashing.");

	private final Log logger;

	public RenamedSettings(DeferredLogFactory logs) {
		this.logger = logs.getLog(RenamedSettings.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> current = new LinkedHashMap<>();
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					String renamed = current(name);
					if (renamed != null && !current.containsKey(renamed)) {
						current.put(renamed, enumerable.getProperty(name));
						this.logger.warn("Setting " + name + " has been renamed: use " + renamed + " instead");
					}
				}
			}
		}
		if (!current.isEmpty()) {
			// last: a value given under the current name, wherever, wins
			environment.getPropertySources().addLast(new MapPropertySource("renamedSettings", current));
		}
	}

	/**
	 * After the configuration files are read, so that their former names are seen too.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * The current name of a former one, as a property ({@code auth.refresh.reuse-grace})
	 * or an environment variable ({@code AUTH_REFRESH_REUSE_GRACE}); {@code null} for any
	 * other name.
	 */
	static String current(String name) {
		for (Map.Entry<String, String> renamed : RENAMED.entrySet()) {
			String former = renamed.getValue();
			if (name.startsWith(former)) {
				return renamed.getKey() + name.substring(former.length());
			}
			String variable = former.toUpperCase(Locale.ROOT).replace('.', '_');
			if (name.startsWith(variable)) {
				return renamed.getKey() + name.substring(variable.length()).toLowerCase(Locale.ROOT).replace('_', '-');
			}
		}
		return null;
	}

}
