package dev.jwtrevocation.oidc;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

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
 * Replays are refused apart ({@link LogoutTokenReplays}). Pure: the keys come from
 * {@link ProviderKeys}, which it asks to fetch again only when a token names a key the
 * set lacks.
 */
final class LogoutTokenValidator {

	static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	/** A logout token longer than this is refused before it is parsed. */
	static final int MAX_LENGTH = 16 * 1024;

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
		if (compact == null || compact.isEmpty()) {
			throw new InvalidLogoutTokenException("The logout_token parameter is missing");
		}
		if (compact.length() > MAX_LENGTH) {
			throw new InvalidLogoutTokenException("The logout token is longer than " + MAX_LENGTH + " characters");
		}
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(compact);
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new InvalidLogoutTokenException("The logout token is not a signed JWT");
		}
		ProviderKeys provider = (claims.getIssuer() != null) ? providers.apply(claims.getIssuer()) : null;
		if (provider == null) {
			throw new InvalidLogoutTokenException("The logout token's issuer is not a configured provider");
		}
		JWSHeader header = jwt.getHeader();
		if (!provider.provider().algorithms().contains(header.getAlgorithm().getName())) {
			throw new InvalidLogoutTokenException("The logout token's alg is not one accepted from its issuer");
		}
		if (!isLogoutType(header.getType())) {
			throw new InvalidLogoutTokenException("The logout token's typ is not logout+jwt");
		}
		verifySignature(jwt, provider);
		return checkClaims(claims, provider.provider());
	}

	private static boolean isLogoutType(JOSEObjectType type) {
		if (type == null) {
			return true;
		}
		String name = type.getType().toLowerCase(Locale.ROOT);
		return name.equals("logout+jwt") || name.equals("application/logout+jwt");
	}

	private static void verifySignature(SignedJWT jwt, ProviderKeys provider) {
		List<JWK> candidates = candidates(jwt.getHeader(), provider);
		if (candidates.isEmpty() && provider.refetchIfDue()) {
			candidates = candidates(jwt.getHeader(), provider);
		}
		if (candidates.isEmpty()) {
			throw new InvalidLogoutTokenException("No key of the issuer matches the logout token");
		}
		for (JWK key : candidates) {
			try {
				if (jwt.verify(verifier(key))) {
					return;
				}
			}
			catch (JOSEException ex) {
				// a key that cannot verify this alg: try the next
			}
		}
		throw new InvalidLogoutTokenException("The logout token's signature is invalid");
	}

	/** The provider's signing keys that fit the header's {@code kid} and {@code alg}. */
	private static List<JWK> candidates(JWSHeader header, ProviderKeys provider) {
		JWSAlgorithm algorithm = header.getAlgorithm();
		List<JWK> candidates = new ArrayList<>();
		for (JWK key : provider.keys().getKeys()) {
			boolean family = (key instanceof RSAKey) ? JWSAlgorithm.Family.RSA.contains(algorithm)
					: (key instanceof ECKey) && JWSAlgorithm.Family.EC.contains(algorithm);
			if (family && (header.getKeyID() == null || header.getKeyID().equals(key.getKeyID()))
					&& (key.getKeyUse() == null || key.getKeyUse() == KeyUse.SIGNATURE)
					&& (key.getAlgorithm() == null || key.getAlgorithm().equals(algorithm))) {
				candidates.add(key);
			}
		}
		return candidates;
	}

	private static JWSVerifier verifier(JWK key) throws JOSEException {
		return (key instanceof RSAKey rsa) ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
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
