package dev.jwtrevocation.session;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Refresh-token rules, bound from {@code session.refresh.*} (environment:
 * {@code SESSION_REFRESH_REUSE_GRACE}, {@code SESSION_REFRESH_MAX_PER_MINUTE},
 * {@code SESSION_REFRESH_ABSOLUTE_LIFETIME},
 * {@code SESSION_REFRESH_MAX_SESSIONS_PER_USER},
 * {@code SESSION_REFRESH_EARLIER_TOKENS_PER_ADDRESS_PER_SECOND},
 * {@code SESSION_REFRESH_EARLIER_TOKENS_TOTAL_PER_SECOND}; the former
 * {@code auth.refresh.*} names still work).
 *
 * @param reuseGrace how long after a rotation the immediately previous refresh token is
 * still answered (with the same new pair) instead of being treated as stolen: 0 (default)
 * is strict reuse detection; up to 60 s lets two tabs, or a client retrying a lost
 * response, refresh at once without ending the session, at the cost of that window for a
 * thief (Auth0's reuse interval, Cognito's RetryGracePeriodSeconds)
 * @param maxPerMinute refreshes of one session per minute before 429, 10 by default. An
 * earlier refresh token of the session more than 16 generations back counts as a refresh
 * @param earlierTokensPerAddressPerSecond earlier refresh tokens more than 16 generations
 * back one client address may present a second, 5 by default, beyond which 429:
 * recognising one means hashing forward up to a thousand generations (about 0.4 ms), for
 * a token anybody can forge
 * @param absoluteLifetime how long a session lives from its login however often it is
 * refreshed, 30 days by default: a stolen refresh token on an abandoned device does not
 * live for ever
 * @param maxSessionsPerUser live sessions one user may have, 20 by default; a login
 * beyond ends the user's oldest session (its refresh token and access tokens die), so a
 * user with a new device is never locked out and a leaked password cannot pile up
 * sessions in Redis
 * @param earlierTokensTotalPerSecond earlier refresh tokens all addresses together may
 * present a second, beyond which 429; 0 (default) means 100 per core
 */
@ConfigurationProperties("session.refresh")
@Validated
record RefreshProperties(@DefaultValue("0s") @NotNull @DurationMax(seconds = 60) Duration reuseGrace,
		@DefaultValue("10") @Min(1) int maxPerMinute,
		@DefaultValue("30d") @NotNull @DurationMin(seconds = 1) Duration absoluteLifetime,
		@DefaultValue("20") @Min(1) int maxSessionsPerUser,
		@DefaultValue("5") @Min(1) int earlierTokensPerAddressPerSecond,
		@DefaultValue("0") @Min(0) int earlierTokensTotalPerSecond) {

	int earlierTokensTotal() {
		return (this.earlierTokensTotalPerSecond > 0) ? this.earlierTokensTotalPerSecond
				: 100 * Runtime.getRuntime().availableProcessors();
	}

}
