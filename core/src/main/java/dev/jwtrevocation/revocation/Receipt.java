package dev.jwtrevocation.revocation;

import org.springframework.lang.Nullable;

/**
 * What a revocation returns once every mirror confirmed it: its own result, and the audit
 * trail's entry for it.
 *
 * @param value what the revocation returns (a cutoff, a script's answer)
 * @param entry the id of its entry in the audit trail ({@link RevocationTrail});
 * {@code null} when nothing was written, or when the trail could not take it (the
 * revocation stands, and the audit line has it)
 * @param <T> the result's type
 */
public record Receipt<T>(T value, @Nullable String entry) {
}
