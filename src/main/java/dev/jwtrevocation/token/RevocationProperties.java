package dev.jwtrevocation.token;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How each request is checked against the denylist, bound from {@code revocation.*}
 * (environment: {@code REVOCATION_MODE}, {@code REVOCATION_MIRROR_PING_INTERVAL}).
 *
 * @param mode {@code mirror} (default): answer from an in-memory copy that Redis keeps
 * exact through client-side-caching invalidations, falling back to Redis whenever the
 * copy cannot be trusted; {@code strict}: ask Redis on every request, one round trip, and
 * see a revocation made on another instance the moment Redis has it
 * @param mirrorPingInterval how often the mirror's connection is checked; a silent
 * network failure is noticed within twice this, after which requests go to Redis again
 */
@ConfigurationProperties("revocation")
@Validated
public record RevocationProperties(@DefaultValue("mirror") @NotNull Mode mode,
		@DefaultValue("250ms") @NotNull @DurationMin(millis = 10) Duration mirrorPingInterval) {

	public enum Mode {

		/** A local copy kept exact by Redis invalidation pushes. */
		MIRROR,

		/** One Redis round trip per request. */
		STRICT

	}

}
