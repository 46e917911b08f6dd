package dev.jwtrevocation.token;

import java.time.Duration;

/**
 * A freshly signed access token and how long it lives, as a login response needs them.
 *
 * @param value the compact JWS
 * @param lifetime seconds until {@code exp}, the {@code expires_in} of RFC 6749 §5.1
 */
public record IssuedAccessToken(String value, Duration lifetime) {
}
