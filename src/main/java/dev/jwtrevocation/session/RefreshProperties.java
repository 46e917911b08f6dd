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
 * Refresh-token rules, bound from {@code auth.refresh.*} (environment:
 * {@code AUTH_REFRESH_REUSE_GRACE}, {@code AUTH_REFRESH_MAX_PER_MINUTE},
 * {@code AUTH_REFRESH_ABSOLUTE_LIFETIME}).
 *
 * @param reuseGrace how long after a rotation the immediately previous refresh token is
 * still answered (with the same new pair) instead of being treated as stolen: 0 (default)
 * is strict reuse detection; up to 60 s lets two tabs, or a client retrying a lost
 * response, refresh at once without ending the session, at the cost of that window for a
 * thief (Auth0's reuse interval, Cognito's RetryGracePeriodSeconds)
 * @param maxPerMinute refreshes of one session per minute before 429, 10 by default
 * @param absoluteLifetime how long a session lives from its login however often it is
 * refreshed, 30 days by default: a stolen refresh token on an abandoned device does not
 * live for ever
 */
@ConfigurationProperties("auth.refresh")
@Validated
record RefreshProperties(@DefaultValue("0s") @NotNull @DurationMax(seconds = 60) Duration reuseGrace,
		@DefaultValue("10") @Min(1) int maxPerMinute,
		@DefaultValue("30d") @NotNull @DurationMin(seconds = 1) Duration absoluteLifetime) {
}
