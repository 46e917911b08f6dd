package dev.jwtrevocation.session;

import java.time.Instant;

/**
 * A login session as its owner sees it in {@code GET /auth/sessions}.
 *
 * @param id the session id, the {@code sid} of its access tokens
 * @param createdAt when the login happened
 * @param lastUsedAt when its refresh token was last used (the login, if never)
 * @param userAgent the {@code User-Agent} of the login
 * @param ip the client address of the login
 */
record Session(String id, Instant createdAt, Instant lastUsedAt, String userAgent, String ip) {
}
