package dev.jwtrevocation.oidc;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.lang.Nullable;

/**
 * The configured providers ({@code revocation.providers[n]}) and their keys. Discovery
 * runs in the background: a provider that cannot be reached does not stop the service; it
 * is retried every {@link #RETRY_SECONDS} seconds, shows as unreachable in health
 * ({@code openidProviders}) and in the gauge {@code jwt.revocation.provider.reachable},
 * and is reported by one WARN when it becomes unreachable and one INFO when it is reached
 * again. A reachable provider's JWK Set is fetched again every {@link #REFRESH_SECONDS}
 * seconds, which also notices a provider that went away.
 */
public final class OpenIdProviders implements SmartLifecycle {

	static final int RETRY_SECONDS = 5;

	static final int REFRESH_SECONDS = 60;

	private static final Logger logger = LoggerFactory.getLogger(OpenIdProviders.class);

	private final Map<String, ProviderKeys> byIssuer = new LinkedHashMap<>();

	private final BackgroundThread background = new BackgroundThread("openid-discovery");

	OpenIdProviders(OpenIdProviderProperties properties, Clock clock) {
		ProviderHttp http = new ProviderHttp();
		for (OpenIdProviderProperties.Provider provider : properties.providers()) {
			if (this.byIssuer.putIfAbsent(provider.issuer(), new ProviderKeys(provider, http, clock)) != null) {
				throw new IllegalStateException("revocation.providers lists " + provider.issuer() + " twice");
			}
		}
	}

	/** The configured provider of that exact issuer, or {@code null}. */
	@Nullable
	ProviderKeys find(String issuer) {
		return this.byIssuer.get(issuer);
	}

	Map<String, ProviderKeys> all() {
		return this.byIssuer;
	}

	@Override
	public void start() {
		if (this.byIssuer.isEmpty()) {
			return;
		}
		this.background.start();
		for (ProviderKeys keys : this.byIssuer.values()) {
			this.background.schedule(() -> refresh(keys, true), Duration.ZERO);
		}
	}

	private void refresh(ProviderKeys keys, boolean first) {
		boolean wasReachable = !first && keys.isReachable();
		boolean reachable = keys.fetch();
		String issuer = keys.provider().issuer();
		if (!reachable && (first || wasReachable)) {
			logger.warn("OpenID provider {} is unreachable ({}); its logouts cannot be verified until it is "
					+ "reached again, retried every {} s", issuer, keys.failure(), RETRY_SECONDS);
		}
		else if (reachable && !wasReachable) {
			logger.info("OpenID provider {} reached: {} signing keys", issuer, keys.keys().getKeys().size());
		}
		this.background.schedule(() -> refresh(keys, false),
				Duration.ofSeconds(reachable ? REFRESH_SECONDS : RETRY_SECONDS));
	}

	@Override
	public void stop() {
		this.background.stop();
	}

	@Override
	public boolean isRunning() {
		return this.background.isRunning();
	}

}
