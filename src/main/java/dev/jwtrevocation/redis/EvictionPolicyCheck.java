package dev.jwtrevocation.redis;

import java.util.Properties;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.jwtrevocation.revocation.RevocationProperties;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Refuses to start against a Redis that may evict revocations, with one line saying what
 * to change ({@link EvictingRedisFailureAnalyzer}). Refusing, rather than reporting DOWN
 * later, because nothing about the instance is wrong that a restart would fix, and a
 * silently evicting denylist is the one failure this service must never have.
 * <p>
 * Run once the context is up (so the dev profile's embedded Redis is listening). A
 * managed Redis that forbids {@code CONFIG GET} gets one WARN and the start goes on; so
 * does a Redis that cannot be reached now (the service starts and fails closed until it
 * can).
 */
@Component
class EvictionPolicyCheck implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(EvictionPolicyCheck.class);

	private static final String PARAMETER = "maxmemory-policy";

	private final StringRedisTemplate redis;

	private final RevocationProperties properties;

	EvictionPolicyCheck(StringRedisTemplate redis, RevocationProperties properties) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		this.redis = redis;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		Properties config;
		try {
			config = this.redis.execute((RedisCallback<Properties>) (connection) -> serverConfig(connection));
		}
		catch (DataAccessException ex) {
			logger.warn("Could not read Redis's maxmemory-policy (" + ex.getMessage() + "); make sure it is "
					+ EvictionPolicy.SAFE + ": an evicted revocation is a revoked token accepted again");
			return;
		}
		String policy = evictingPolicy(config);
		if (policy == null) {
			return;
		}
		if (!this.properties.allowEviction()) {
			throw new EvictingRedisException(policy);
		}
		logger.warn("Redis's maxmemory-policy is " + policy + " and REVOCATION_ALLOW_EVICTION is set: under memory "
				+ "pressure, revoked tokens can be accepted again");
	}

	/**
	 * The first policy that can evict among those the nodes answered (a cluster answers
	 * one per node, as {@code <host>:<port>.maxmemory-policy}), or {@code null}; WARNs if
	 * none answered.
	 */
	private static String evictingPolicy(Properties config) {
		boolean answered = false;
		if (config != null) {
			for (String name : config.stringPropertyNames()) {
				if (name.equals(PARAMETER) || name.endsWith("." + PARAMETER)) {
					answered = true;
					String policy = config.getProperty(name);
					if (EvictionPolicy.canEvict(policy)) {
						return policy;
					}
				}
			}
		}
		if (!answered) {
			logger.warn("Redis did not say its maxmemory-policy; make sure it is " + EvictionPolicy.SAFE);
		}
		return null;
	}

	private static Properties serverConfig(RedisConnection connection) {
		return connection.serverCommands().getConfig(PARAMETER);
	}

}
