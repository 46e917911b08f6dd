package dev.jwtrevocation.redis;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.jwtrevocation.revocation.AcknowledgedWrites;
import dev.jwtrevocation.revocation.AcknowledgedWrites.Durability;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * At startup: {@code revocation.durability=aof} against a server without {@code WAITAOF}
 * (Redis or Valkey before 7.2) refuses the start with one line, since every revocation
 * would answer 503; {@code auto} is resolved now, so that its WARN (no replica: a
 * failover can lose revocations) comes with the start, not the first logout. A Redis that
 * cannot be reached yet is resolved later.
 */
@Component
class DurabilityCheck implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(DurabilityCheck.class);

	private final StringRedisTemplate redis;

	private final AcknowledgedWrites writes;

	DurabilityCheck(StringRedisTemplate redis, AcknowledgedWrites writes) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(writes, "writes cannot be null");
		this.redis = redis;
		this.writes = writes;
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			if (this.writes.effective() == Durability.AOF && !supportsWaitAof()) {
				throw new UnsupportedDurabilityException();
			}
		}
		catch (DataAccessException ex) {
			logger.warn("Could not check revocation.durability against Redis now (" + ex.getMessage() + ")");
		}
	}

	private boolean supportsWaitAof() {
		List<?> info = this.redis.execute((RedisCallback<List<Object>>) (
				connection) -> (List<Object>) connection.execute("COMMAND", "INFO".getBytes(), "WAITAOF".getBytes()));
		return info != null && !info.isEmpty() && info.get(0) != null;
	}

}
