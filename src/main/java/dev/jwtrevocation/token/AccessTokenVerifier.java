package dev.jwtrevocation.token;

import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import javax.crypto.SecretKey;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.Locator;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Verifies a compact access token following the JWT best current practices of RFC 8725
 * and the access-token profile of RFC 9068, without any network or Redis access.
 * <p>
 * The algorithm is pinned to HS256 before any key is chosen, so {@code none}, other HMAC
 * sizes and asymmetric algorithms fail whatever the key; headers that point at keys
 * ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) are refused rather than followed,
 * and compressed payloads are refused. {@code typ} must say {@code at+jwt} (RFC 9068 §4)
 * so that an ID token or any other JWT signed with the same key cannot be replayed as an
 * access token.
 */
@Component
public final class AccessTokenVerifier {

	/**
	 * Far above any token this service issues; a bigger one is refused before it is
	 * decoded.
	 */
	static final int MAX_TOKEN_LENGTH = 8 * 1024;

	private static final Set<String> KEY_REFERENCE_HEADERS = Set.of("jwk", "jku", "x5u", "x5c", "zip");

	private static final String INVALID = "The access token is invalid";

	private final JwtParser parser;

	private final Clock clock;

	private final long clockSkewSeconds;

	AccessTokenVerifier(SecretKey key, JwtProperties properties, Clock clock) {
		Assert.notNull(key, "key cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
		this.clockSkewSeconds = properties.clockSkew().toSeconds();
		this.parser = Jwts.parser()
			.keyLocator(pinnedTo(key))
			.requireIssuer(properties.issuer())
			.requireAudience(properties.audience())
			.clockSkewSeconds(this.clockSkewSeconds)
			.clock(() -> Date.from(clock.instant()))
			.build();
	}

	/**
	 * Verifies the token and returns its claims.
	 * @param token the compact serialization taken from the {@code Authorization} header
	 * @return the verified claims
	 * @throws InvalidAccessTokenException if the token must not be accepted, for whatever
	 * reason
	 */
	public AccessToken verify(String token) {
		if (!StringUtils.hasText(token) || token.length() > MAX_TOKEN_LENGTH) {
			throw new InvalidAccessTokenException(INVALID);
		}
		Claims claims;
		try {
			claims = this.parser.parseSignedClaims(token).getPayload();
		}
		catch (ExpiredJwtException ex) {
			throw new InvalidAccessTokenException("The access token has expired");
		}
		catch (PrematureJwtException ex) {
			throw new InvalidAccessTokenException("The access token is not valid yet");
		}
		catch (JwtException | IllegalArgumentException | ClassCastException ex) {
			// jjwt's messages may quote claim values: they are not passed on
			throw new InvalidAccessTokenException(INVALID);
		}
		return toAccessToken(claims);
	}

	private AccessToken toAccessToken(Claims claims) {
		Date expiration = claims.getExpiration();
		Date issuedAt = claims.getIssuedAt();
		Object sessionId = claims.get(AccessTokenIssuer.SESSION_CLAIM);
		Object issuedAtMillis = claims.get(AccessTokenIssuer.ISSUED_AT_MILLIS_CLAIM);
		if (expiration == null || issuedAt == null || !StringUtils.hasText(claims.getId())
				|| !StringUtils.hasText(claims.getSubject()) || !(sessionId instanceof String sid)
				|| !StringUtils.hasText(sid)
				|| !(issuedAtMillis instanceof Long || issuedAtMillis instanceof Integer)) {
			throw new InvalidAccessTokenException(INVALID);
		}
		Instant latestAcceptableIssue = this.clock.instant().plusSeconds(this.clockSkewSeconds);
		if (issuedAt.toInstant().isAfter(latestAcceptableIssue)) {
			throw new InvalidAccessTokenException("The access token is not valid yet");
		}
		return new AccessToken(claims.getId(), claims.getSubject(), sid, roles(claims), issuedAt.toInstant(),
				expiration.toInstant(), ((Number) issuedAtMillis).longValue());
	}

	private static List<String> roles(Claims claims) {
		Object roles = claims.get(AccessTokenIssuer.ROLES_CLAIM);
		if (roles == null) {
			return List.of();
		}
		if (!(roles instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
			throw new InvalidAccessTokenException(INVALID);
		}
		return list.stream().map(String.class::cast).toList();
	}

	private static Locator<Key> pinnedTo(SecretKey key) {
		return (header) -> {
			if (!(header instanceof JwsHeader jws) || !"HS256".equals(jws.getAlgorithm())) {
				throw new UnsupportedJwtException("algorithm not accepted");
			}
			if (!isAccessTokenType(header)) {
				throw new UnsupportedJwtException("not an access token");
			}
			for (String name : KEY_REFERENCE_HEADERS) {
				if (header.containsKey(name)) {
					throw new UnsupportedJwtException("header not accepted");
				}
			}
			return key;
		};
	}

	private static boolean isAccessTokenType(Header header) {
		String type = header.getType();
		return AccessTokenIssuer.TOKEN_TYPE.equalsIgnoreCase(type)
				|| ("application/" + AccessTokenIssuer.TOKEN_TYPE).equalsIgnoreCase(type);
	}

}
