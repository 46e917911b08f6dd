package dev.jwtrevocation.admin;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code POST /admin/revocations}: one selector, a reason, and whether to only
 * count. Every field it does not know is refused ({@link #unknown}), so that a typo never
 * revokes something else than was meant.
 *
 * @param selector what to revoke
 * @param reason why
 * @param dryRun {@code true}: revoke nothing, answer what would be revoked
 * @param unknown fields this service does not know
 */
record RevocationRequest(SelectorBody selector, ReasonBody reason, @JsonProperty("dry_run") Boolean dryRun,
		@Schema(hidden = true) @JsonAnySetter Map<String, Object> unknown) {

	/**
	 * Exactly one of: {@code user}; {@code user} and {@code session_id};
	 * {@code client_id}; {@code kid}; {@code issuer} and {@code subject}; {@code issuer}
	 * and {@code session_id}; {@code issued_before}.
	 *
	 * @param user a user of this service: all their tokens
	 * @param sessionId with {@code user}, one of their sessions; with {@code issuer}, one
	 * of the provider's ({@code sid})
	 * @param clientId every token issued to this client until now
	 * @param kid every token this signing key signed: it is compromised
	 * @param issuer a configured OpenID provider ({@code oidc.providers})
	 * @param subject with {@code issuer}, every token of this subject issued until now
	 * @param issuedBefore every token issued at or before this instant, whoever's
	 * @param unknown fields this service does not know
	 */
	record SelectorBody(String user, @JsonProperty("session_id") String sessionId,
			@JsonProperty("client_id") String clientId, String kid, String issuer, String subject,
			@JsonProperty("issued_before") Instant issuedBefore,
			@Schema(hidden = true) @JsonAnySetter Map<String, Object> unknown) {
	}

	/**
	 * Why, in CAEP's terms (CAEP 1.0 §3.2).
	 *
	 * @param code a short code: lower-case letters, digits, {@code . _ -}, up to 64
	 * @param admin text for operators ({@code reason_admin}), up to 1,000 characters
	 * @param user text that may be shown to the user ({@code reason_user}), up to 1,000
	 * @param initiatingEntity {@code admin} (default), {@code user}, {@code policy} or
	 * {@code system}
	 * @param unknown fields this service does not know
	 */
	record ReasonBody(String code, String admin, String user,
			@JsonProperty("initiating_entity") String initiatingEntity,
			@Schema(hidden = true) @JsonAnySetter Map<String, Object> unknown) {
	}

}
