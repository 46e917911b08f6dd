package dev.jwtrevocation.starter;

import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;

import dev.jwtrevocation.revocation.IssuerNamespace;

/**
 * Reads what the denylist needs from one issuer's verified tokens, as its
 * {@link IssuerType} says.
 * <ul>
 * <li>{@code jwt-revocation}: {@code sub}, {@code jti}, {@code sid} and {@code iat_ms}
 * must all be present.</li>
 * <li>{@code openid}: the subject and {@code iat} must be present, the subject is
 * namespaced by the configured issuer ({@link IssuerNamespace}), and the issue time is
 * {@code iat × 1000} ({@code iat_ms} where present). A missing {@code jti} or {@code sid}
 * only means fewer revocations can refuse the token: its subject's always can. A token
 * that lives longer ({@code exp - iat}) than {@code jwt.provider-access-token-ttl} is not
 * revocable, since every revocation of it would expire first.</li>
 * </ul>
 */
final class RevocableJwtReader {

	private final IssuerType type;

	private final IssuerNamespace namespace;

	private final JwtRevocationProperties.Claims claims;

	private final long longestLifetimeSeconds;

	private RevocableJwtReader(IssuerType type, IssuerNamespace namespace, JwtRevocationProperties.Claims claims,
			Duration longestLifetime) {
		this.type = type;
		this.namespace = namespace;
		this.claims = claims;
		this.longestLifetimeSeconds = longestLifetime.toSeconds();
	}

	/** This project's service's tokens. */
	static RevocableJwtReader forService() {
		return new RevocableJwtReader(IssuerType.JWT_REVOCATION, null, JwtRevocationProperties.Claims.DEFAULT,
				Duration.ZERO);
	}

	/**
	 * @param issuer the issuer identifier its tokens carry
	 * @param longestLifetime the longest a token of it may live
	 */
	static RevocableJwtReader forProvider(String issuer, JwtRevocationProperties.Claims claims,
			Duration longestLifetime) {
		Assert.hasText(issuer, "issuer cannot be empty");
		return new RevocableJwtReader(IssuerType.OPENID, IssuerNamespace.of(issuer), claims, longestLifetime);
	}

	static RevocableJwtReader of(IssuerType type, String issuer, JwtRevocationProperties.Claims claims,
			Duration longestLifetime) {
		return (type == IssuerType.JWT_REVOCATION) ? forService() : forProvider(issuer, claims, longestLifetime);
	}

	/**
	 * The token as the denylist sees it, or {@code null} if the denylist cannot check it.
	 */
	JwtRevocableToken read(Jwt jwt) {
		return (this.type == IssuerType.JWT_REVOCATION) ? readServiceToken(jwt) : readProviderToken(jwt);
	}

	private static JwtRevocableToken readServiceToken(Jwt jwt) {
		Object issuedAtMillis = jwt.getClaims().get("iat_ms");
		String sessionId = jwt.getClaimAsString("sid");
		if (jwt.getSubject() == null || jwt.getId() == null || sessionId == null
				|| !(issuedAtMillis instanceof Number millis) || jwt.getExpiresAt() == null) {
			return null;
		}
		return new JwtRevocableToken(jwt.getSubject(), jwt.getId(), sessionId, millis.longValue(), jwt.getExpiresAt(),
				keyId(jwt), emptyToNull(jwt.getClaimAsString("client_id")));
	}

	private JwtRevocableToken readProviderToken(Jwt jwt) {
		String subject = jwt.getClaimAsString(this.claims.subject());
		Instant issuedAt = jwt.getIssuedAt();
		Instant expiresAt = jwt.getExpiresAt();
		if (subject == null || subject.isEmpty() || issuedAt == null || expiresAt == null
				|| !this.namespace.issuer().equals(jwt.getClaimAsString("iss"))
				|| expiresAt.getEpochSecond() - issuedAt.getEpochSecond() > this.longestLifetimeSeconds) {
			return null;
		}
		Object issuedAtMillis = jwt.getClaims().get("iat_ms");
		long issued = (issuedAtMillis instanceof Number millis) ? millis.longValue() : issuedAt.getEpochSecond() * 1000;
		// a provider's kid names its own key, not one jwt-revocation can revoke
		return new JwtRevocableToken(this.namespace.subject(subject), this.namespace.sessionOwner(),
				emptyToNull(jwt.getClaimAsString(this.claims.id())),
				emptyToNull(jwt.getClaimAsString(this.claims.session())), issued, expiresAt, null, null);
	}

	private static String keyId(Jwt jwt) {
		Object kid = jwt.getHeaders().get("kid");
		return (kid instanceof String id) ? id : null;
	}

	private static String emptyToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
