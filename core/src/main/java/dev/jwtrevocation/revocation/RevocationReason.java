package dev.jwtrevocation.revocation;

import org.springframework.lang.Nullable;

/**
 * Why a revocation was asked for, in the terms of CAEP 1.0's event claims (§3.2): a short
 * code, free text for operators ({@code reason_admin}), text that may be shown to the
 * user ({@code reason_user}) and who started it ({@code initiating_entity}). Kept in the
 * audit trail; operators must give a code, other sources give what they have.
 *
 * @param code a short machine-readable code ({@code account-takeover}), or {@code null}
 * @param admin text for operators, or {@code null}
 * @param user text that may be shown to the user, or {@code null}
 * @param initiatingEntity {@code admin}, {@code user}, {@code policy} or {@code system},
 * or {@code null}
 */
public record RevocationReason(@Nullable String code, @Nullable String admin, @Nullable String user,
		@Nullable String initiatingEntity) {

	/** A provider's reason, which is the provider's own text. */
	public static RevocationReason ofProvider(@Nullable String text) {
		return (text != null) ? new RevocationReason(null, text, null, null) : null;
	}

}
