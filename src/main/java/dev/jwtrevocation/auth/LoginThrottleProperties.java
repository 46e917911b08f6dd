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
 * {@code AUTH_LOGIN_THROTTLE_MAX_FAILURES}, {@code AUTH_LOGIN_THROTTLE_WINDOW}).
 *
 * @param maxFailures failed logins per username and client address before further
 * attempts are refused with 429, 5 by default
 * @param window how long failures are counted from the first one, and how long the
 * refusal lasts, 15 minutes by default
 */
@ConfigurationProperties("auth.login-throttle")
@Validated
record LoginThrottleProperties(@DefaultValue("5") @Min(1) int maxFailures,
		@DefaultValue("15m") @NotNull @DurationMin(seconds = 1) Duration window) {
}
