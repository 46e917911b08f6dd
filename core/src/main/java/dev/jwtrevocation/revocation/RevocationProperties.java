package dev.jwtrevocation.revocation;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How each request is checked against the denylist, bound from {@code revocation.*}
 * (environment: {@code REVOCATION_MODE}, {@code REVOCATION_MIRROR_LEASE},
 * {@code REVOCATION_ALLOW_EVICTION}, {@code REVOCATION_KEY_NAMESPACE}).
 *
 * @param mode {@code mirror} (default): answer from an in-memory copy that Redis keeps
 * exact through invalidation pushes, under a lease, asking Redis whenever the copy holds
 * no lease; {@code strict}: ask Redis on every request, one round trip
 * @param mirrorLease how long a mirror may answer from its copy without proving that
 * pushes still reach it: the longest a revocation waits for an instance whose connection
 * silently stalls, and how soon that instance stops answering from its copy. Renewed
 * every quarter lease, and at once when a revocation is pushed
 * @param durability what a revocation waits for before its 2xx: {@code auto} (default:
 * {@code replicas} if the primary has a replica, else {@code primary}), {@code primary},
 * {@code replicas} ({@code WAIT}) or {@code aof} ({@code WAITAOF}, Redis/Valkey 7.2+)
 * @param durabilityReplicas how many replicas must acknowledge ({@code replicas}), or
 * must have fsynced too ({@code aof}, where 0 means the primary's own file only)
 * @param durabilityTimeout how long a revocation waits for that before it answers 503
 * (the write stays: a retry finds the token refused)
 * @param allowEviction whether to start against a Redis whose {@code maxmemory-policy}
 * may evict keys (any policy but {@code noeviction}): an evicted revocation is a token
 * accepted again, so by default the start is refused
 * @param keyNamespace what every Redis key this project writes starts with, before a
 * colon: {@code jr} by default ({@link RevocationKeys}). Lets several deployments share
 * one Redis; every instance and resource server of one deployment must use the same one,
 * or it never sees the others' revocations
 * @param audit the audit trail's bounds
 * @param changeLog the change log's bound
 */
@ConfigurationProperties("revocation")
@Validated
public record RevocationProperties(@DefaultValue("mirror") @NotNull Mode mode,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 60) Duration mirrorLease,
		@DefaultValue("auto") @NotNull AcknowledgedWrites.Durability durability,
		@DefaultValue("1") @Min(0) int durabilityReplicas,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 10) @DurationMax(seconds = 30) Duration durabilityTimeout,
		@DefaultValue("false") boolean allowEviction,
		@DefaultValue(RevocationKeys.DEFAULT_NAMESPACE) @NotNull @Pattern(regexp = RevocationKeys.NAMESPACE_PATTERN,
				message = "must be 1 to 16 lower-case letters, digits, '-' or '_'") String keyNamespace,
		@DefaultValue @Valid @NotNull Audit audit, @DefaultValue @Valid @NotNull ChangeLogLimits changeLog) {

	/**
	 * The audit trail's bounds ({@code revocation.audit.*}, {@link RevocationTrail}): it
	 * keeps the newer of both limits, trimmed on every append.
	 *
	 * @param maxEntries the most entries kept, 500,000 by default: about 90 MB of Redis
	 * at the 184 bytes a logout's entry measured (docs/benchmarks.md)
	 * @param retention how long an entry is kept, 90 days by default
	 */
	public record Audit(@DefaultValue("500000") @Min(100) long maxEntries,
			@DefaultValue("90d") @NotNull @DurationMin(minutes = 1) Duration retention) {

		static final long DEFAULT_MAX_ENTRIES = 500_000;

		static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

	}

	/**
	 * The change log's bound ({@code revocation.change-log.*}, {@link ChangeLog}).
	 *
	 * @param maxEntries the most entries kept, 100,000 by default: a mirror whose
	 * connection was down for fewer revocations than that catches up from the log, one
	 * that missed more reloads. About 7 MB of Redis (docs/benchmarks.md); {@code 0} turns
	 * the log off, and every reconnect reloads. Always off on a Redis Cluster.
	 */
	public record ChangeLogLimits(@DefaultValue("100000") @Min(0) long maxEntries) {

	}

	public enum Mode {

		/** A local copy kept exact by Redis invalidation pushes, under a lease. */
		MIRROR,

		/** One Redis round trip per request. */
		STRICT

	}

}
