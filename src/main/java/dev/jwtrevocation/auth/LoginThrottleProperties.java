package dev.jwtrevocation.auth;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Login throttling, bound from {@code auth.login-throttle.*} (environment:
 * {@code AUTH_LOGIN_THROTTLE_MAX_FAILURES}, {@code AUTH_LOGIN_THROTTLE_WINDOW},
 * {@code AUTH_LOGIN_THROTTLE_MAX_FAILURES_PER_ADDRESS},
 * {@code AUTH_LOGIN_THROTTLE_MAX_FAILURES_PER_ACCOUNT},
 * {@code AUTH_LOGIN_THROTTLE_ACCOUNT_WINDOW},
 * {@code AUTH_LOGIN_THROTTLE_MAX_REGISTRATIONS_PER_ADDRESS}).
 *
 * @param maxFailures failed logins per username and client address before further
 * attempts are refused with 429, 5 by default
 * @param window how long failures are counted from the first one, and how long the
 * refusal lasts, 15 minutes by default; also the window of the per-address ceiling
 * @param maxFailuresPerAddress failed logins from one client address (an IPv6 address
 * counts per /64) across all usernames within the window, 50 by default: one address
 * cannot try a few passwords on every account
 * @param maxFailuresPerAccount failed logins for one username across all addresses within
 * the account window, 10 by default: a botnet cannot try unlimited passwords on one
 * account
 * @param accountWindow the account window, 1 minute by default: short, so that a stranger
 * who trips the account limit locks the owner out for at most this long at a time
 * @param maxRegistrationsPerAddress registrations from one client address within the
 * window, 20 by default: each costs a password hash
 */
@ConfigurationProperties("auth.login-throttle")
@Validated
record LoginThrottleProperties(@DefaultValue("5") @Min(1) int maxFailures,
		@DefaultValue("15m") @NotNull @DurationMin(seconds = 1) Duration window,
		@DefaultValue("50") @Min(1) int maxFailuresPerAddress, @DefaultValue("10") @Min(1) int maxFailuresPerAccount,
		@DefaultValue("1m") @NotNull @DurationMin(seconds = 1) Duration accountWindow,
		@DefaultValue("20") @Min(1) int maxRegistrationsPerAddress) {
}
