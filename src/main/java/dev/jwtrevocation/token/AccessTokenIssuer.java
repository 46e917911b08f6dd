package dev.jwtrevocation.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import javax.crypto.SecretKey;

import io.jsonwebtoken.Jwts;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Signs access tokens in the JWT profile of RFC 9068: header {@code typ: at+jwt}, HS256, and the
 * claims {@code iss sub aud iat exp jti roles}.
 * <p>
 * Each {@code jti} carries 128 random bits, so that revoking one token can never hit another and a
 * token id cannot be guessed.
 */
@Component
public final class AccessTokenIssuer {

	static final String TOKEN_TYPE = "at+jwt";

	static final String ROLES_CLAIM = "roles";

	private static final Base64.Encoder JTI_ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final SecretKey key;

	private final JwtProperties properties;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	AccessTokenIssuer(SecretKey key, JwtProperties properties, Clock clock) {
		Assert.notNull(key, "key cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.key = key;
		this.properties = properties;
		this.clock = clock;
	}

	public IssuedAccessToken issue(String username, List<String> roles) {
		// NumericDate has whole seconds; truncating first keeps expires_in equal to exp - iat
		Instant issuedAt = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = issuedAt.plus(this.properties.accessTokenTtl());
		String token = Jwts.builder()
			.header()
			.type(TOKEN_TYPE)
			.and()
			.issuer(this.properties.issuer())
			.subject(username)
			.audience()
			.single(this.properties.audience())
			.issuedAt(Date.from(issuedAt))
			.expiration(Date.from(expiresAt))
			.id(newTokenId())
			.claim(ROLES_CLAIM, roles)
			.signWith(this.key, Jwts.SIG.HS256)
			.compact();
		return new IssuedAccessToken(token, this.properties.accessTokenTtl());
	}

	private String newTokenId() {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		return JTI_ENCODER.encodeToString(bytes);
	}

}
