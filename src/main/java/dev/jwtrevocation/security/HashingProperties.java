package dev.jwtrevocation.security;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many password hashes may run and wait at once, bound from
 * {@code security.hashing.*} (environment: {@code SECURITY_HASHING_MAX_CONCURRENT},
 * {@code SECURITY_HASHING_MAX_QUEUED}, {@code SECURITY_HASHING_MAX_WAIT}; the former
 * {@code auth.hashing.*} names still work).
 *
 * @param maxConcurrent hashes running at once; 0 (default) means one per core but one (at
 * least one), so that a flood of logins always leaves a core to every other request
 * @param maxQueued requests waiting for a hash; 0 (default) means four per core. Beyond
 * them a login or registration is answered 503 at once
 * @param maxWait how long a queued request waits for its turn before 503, 1 s by default
 */
@ConfigurationProperties("security.hashing")
@Validated
public record HashingProperties(@DefaultValue("0") @Min(0) int maxConcurrent, @DefaultValue("0") @Min(0) int maxQueued,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration maxWait) {

	int concurrent() {
		return (this.maxConcurrent > 0) ? this.maxConcurrent
				: Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
	}

	int queued() {
		return (this.maxQueued > 0) ? this.maxQueued : 4 * Runtime.getRuntime().availableProcessors();
	}

}
