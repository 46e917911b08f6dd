package dev.jwtrevocation.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.nimbusds.jwt.JWTClaimsSet;

import org.springframework.util.Assert;

/**
 * Checks a logout token exactly as OpenID Connect Back-Channel Logout 1.0 §2.6 lists:
 * <ol>
 * <li>a JWS (never {@code none}, never encrypted-only), whose {@code alg} is one the
 * provider is trusted with and whose {@code typ}, if present, is {@code logout+jwt};</li>
 * <li>signed by a key of the provider its {@code iss} names, which must be a configured
 * one (no other URL is ever fetched);</li>
 * <li>{@code aud} contains this service's client id at that provider; {@code iat} is
 * within the provider's {@code logout-token-max-age} (and not in the future), and
 * {@code exp} not past, both with the clock skew;</li>
 * <li>{@code jti} present, {@code events} holding the back-channel logout event, a
 * {@code sid} and/or a {@code sub}, and no {@code nonce}.</li>
 * </ol>
 * The first two are {@link ProviderSignatures}'. Replays are refused apart
 * ({@link SignalReplays}). Pure: the keys come from {@link ProviderKeys}.
 */
final class LogoutTokenValidator {

	static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	private static final Set<String> TYPES = Set.of("logout+jwt", "application/logout+jwt");

	private static final int MAX_ID_LENGTH = 256;

	private final Clock clock;

	private final Duration skew;

	LogoutTokenValidator(Clock clock, Duration skew) {
		Assert.notNull(clock, "clock cannot be null");
		Assert.notNull(skew, "skew cannot be null");
		this.clock = clock;
		this.skew = skew;
	}

	/**
	 * @param providers the configured provider whose issuer is the argument, or
	 * {@code null}
	 * @throws InvalidLogoutTokenException if a check fails
	 */
	LogoutToken validate(String compact, Function<String, ProviderKeys> providers) {
		ProviderSignatures.Verified verified = ProviderSignatures.verify(compact, providers, "logout token", TYPES,
				(failure, description) -> new InvalidLogoutTokenException(description));
		return checkClaims(verified.claims(), verified.provider());
	}

	private LogoutToken checkClaims(JWTClaimsSet claims, OpenIdProviderProperties.Provider provider) {
		List<String> audience = claims.getAudience();
		if (audience == null || !audience.contains(provider.clientId())) {
			throw new InvalidLogoutTokenException("The logout token's aud does not name this client");
		}
		Instant now = this.clock.instant();
		Date issuedAt = claims.getIssueTime();
		if (issuedAt == null || issuedAt.toInstant().isAfter(now.plus(this.skew))
				|| issuedAt.toInstant().isBefore(now.minus(provider.logoutTokenMaxAge()).minus(this.skew))) {
			throw new InvalidLogoutTokenException("The logout token's iat is missing or out of range");
		}
		Date expiresAt = claims.getExpirationTime();
		if (expiresAt == null || expiresAt.toInstant().plus(this.skew).isBefore(now)) {
			throw new InvalidLogoutTokenException("The logout token is expired or has no exp");
		}
		String id = claims.getJWTID();
		if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
			throw new InvalidLogoutTokenException("The logout token's jti is missing");
		}
		if (!hasLogoutEvent(claims.getClaim("events"))) {
			throw new InvalidLogoutTokenException(
					"The logout token's events claim lacks the back-channel logout event");
		}
		if (claims.getClaim("nonce") != null) {
			throw new InvalidLogoutTokenException("A logout token must not carry a nonce");
		}
		String subject = stringClaim(claims, "sub");
		String sessionId = stringClaim(claims, "sid");
		if (subject == null && sessionId == null) {
			throw new InvalidLogoutTokenException("The logout token names neither a sid nor a sub");
		}
		return new LogoutToken(provider, subject, sessionId, id, issuedAt.toInstant(), expiresAt.toInstant());
	}

	private static boolean hasLogoutEvent(Object events) {
		return events instanceof Map<?, ?> map && map.get(EVENT) instanceof Map;
	}

	private static String stringClaim(JWTClaimsSet claims, String name) {
		Object value = claims.getClaim(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text) || text.isEmpty() || text.length() > MAX_ID_LENGTH) {
			throw new InvalidLogoutTokenException("The logout token's " + name + " is not a short string");
		}
		return text;
	}

}
