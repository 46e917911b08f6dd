package dev.jwtrevocation.starter;

import java.time.Instant;

import org.springframework.security.oauth2.jwt.Jwt;

import dev.jwtrevocation.revocation.RevocableToken;

/**
 * A decoded access token of jwt-revocation, as the denylist sees it: {@code sub},
 * {@code jti}, {@code sid} and {@code iat_ms} (the issue time on Redis's clock, which a
 * logout-all cutoff is compared with), and the {@code kid} header (a compromised key's
 * tokens are all refused).
 */
record JwtRevocableToken(String subject, String id, String sessionId, long issuedAtMillis, Instant expiresAt,
		String keyId) implements RevocableToken {

	/** The token, or {@code null} if it lacks a claim the denylist needs. */
	static JwtRevocableToken of(Jwt jwt) {
		Object issuedAtMillis = jwt.getClaims().get("iat_ms");
		String sessionId = jwt.getClaimAsString("sid");
		if (jwt.getSubject() == null || jwt.getId() == null || sessionId == null
				|| !(issuedAtMillis instanceof Number millis) || jwt.getExpiresAt() == null) {
			return null;
		}
		Object kid = jwt.getHeaders().get("kid");
		return new JwtRevocableToken(jwt.getSubject(), jwt.getId(), sessionId, millis.longValue(), jwt.getExpiresAt(),
				(kid instanceof String id) ? id : null);
	}

}
