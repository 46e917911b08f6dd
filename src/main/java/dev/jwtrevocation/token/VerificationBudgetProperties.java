package dev.jwtrevocation.token;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many ES256 signatures of tokens never seen before are verified a second, bound from
 * {@code jwt.verification-budget.*} (environment:
 * {@code JWT_VERIFICATION_BUDGET_PER_ADDRESS_PER_SECOND},
 * {@code JWT_VERIFICATION_BUDGET_TOTAL_PER_SECOND}).
 * <p>
 * One verification costs about 250 µs of CPU, and an anonymous caller can send forged
 * tokens with a published {@code kid} as fast as it likes. A token already verified is
 * remembered ({@code jwt.verified-token-cache}) and costs nothing against either bound,
 * so a legitimate client spends one unit per new token: a user, one per access-token
 * lifetime. HS256 (two microseconds) is not counted.
 *
 * @param perAddressPerSecond new tokens verified for one client address (an IPv6 /64) a
 * second, 50 by default, beyond which 429 with {@code Retry-After}. All traffic that
 * reaches the service from one proxy counts as one address unless
 * {@code server.forward-headers-strategy} says whom to trust
 * @param totalPerSecond new tokens verified for all addresses together a second, beyond
 * which 503 with {@code Retry-After}; 0 (default) means 500 per core, about an eighth of
 * the CPU
 */
@ConfigurationProperties("jwt.verification-budget")
@Validated
public record VerificationBudgetProperties(@DefaultValue("50") @Min(1) int perAddressPerSecond,
		@DefaultValue("0") @Min(0) int totalPerSecond) {

	int total() {
		return (this.totalPerSecond > 0) ? this.totalPerSecond : 500 * Runtime.getRuntime().availableProcessors();
	}

}
