package dev.jwtrevocation.token;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import javax.crypto.SecretKey;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;

import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.revocation.TokenLifetimes;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Signs access tokens in the JWT profile of RFC 9068: header {@code typ: at+jwt}, ES256
 * with the {@code kid} of the key that signs now ({@link SigningKeys}: a staged next key
 * instead if that one has been revoked as compromised) or HS256, and the claims
 * {@code iss sub aud iat exp jti roles}, plus {@code sid} (the login session, RFC 9068
 * names no claim for it; {@code sid} is the OpenID Connect one) and {@code iat_ms}.
 * <p>
 * Each {@code jti} carries 128 random bits, so that revoking one token can never hit
 * another and a token id cannot be guessed.
 */
@Component
public final class AccessTokenIssuer {

	static final String TOKEN_TYPE = "at+jwt";

	static final String ROLES_CLAIM = "roles";

	static final String SESSION_CLAIM = "sid";

	/** RFC 9068 §2.2: the client the token was issued to. */
	static final String CLIENT_ID_CLAIM = "client_id";

	static final String ISSUED_AT_MILLIS_CLAIM = "iat_ms";

	/** RFC 9068 §2.2.3: what a client's own token may do. */
	static final String SCOPE_CLAIM = "scope";

	private static final Base64.Encoder JTI_ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final SigningKeys keys;

	private final JwtProperties properties;

	private final Duration accessTokenTtl;

	private final Clock clock;

	private final Predicate<String> revokedKeys;

	private final SecureRandom random = new SecureRandom();

	/** An issuer that never learns of a compromised key: for tests without Redis. */
	AccessTokenIssuer(SigningKeys keys, JwtProperties properties, TokenLifetimes lifetimes, Clock clock) {
		this(keys, properties, lifetimes, clock, (kid) -> false);
	}

	@Autowired
	AccessTokenIssuer(SigningKeys keys, JwtProperties properties, TokenLifetimes lifetimes, Clock clock,
			RevocationStore revocations) {
		this(keys, properties, lifetimes, clock, revocations::isSigningKeyRevoked);
	}

	/**
	 * @param revokedKeys whether a {@code kid} has been revoked as compromised, asked for
	 * the key about to sign
	 */
	private AccessTokenIssuer(SigningKeys keys, JwtProperties properties, TokenLifetimes lifetimes, Clock clock,
			Predicate<String> revokedKeys) {
		Assert.notNull(keys, "keys cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(lifetimes, "lifetimes cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		Assert.notNull(revokedKeys, "revokedKeys cannot be null");
		this.keys = keys;
		this.properties = properties;
		this.accessTokenTtl = lifetimes.accessTokenTtl();
		this.clock = clock;
		this.revokedKeys = revokedKeys;
	}

	/**
	 * Signs a token for a login session.
	 * @param username the {@code sub}
	 * @param roles the {@code roles}
	 * @param sessionId the {@code sid}
	 * @param issuedAtMillis the {@code iat_ms}, read from Redis's clock when the session
	 * was created or refreshed, so that it compares exactly with a logout-all cutoff from
	 * that clock
	 * @return the compact token and its lifetime
	 */
	public IssuedAccessToken issue(String username, List<String> roles, String sessionId, long issuedAtMillis) {
		return sign(username, this.properties.clientId(), sessionId, issuedAtMillis,
				(builder) -> builder.claim(ROLES_CLAIM, roles));
	}

	/**
	 * Signs a client's own token (client credentials, RFC 6749 §4.4; RFC 9068 §2.2: its
	 * subject is the client). It belongs to no login session: its {@code sid} is its own,
	 * so that revoking it revokes nothing else.
	 * @param clientId the {@code sub} and {@code client_id}
	 * @param scopes the {@code scope}, at least one
	 * @param issuedAtMillis the {@code iat_ms}, read from Redis's clock
	 */
	public IssuedAccessToken issueForClient(String clientId, List<String> scopes, long issuedAtMillis) {
		Assert.hasText(clientId, "clientId cannot be empty");
		Assert.notEmpty(scopes, "scopes cannot be empty");
		return sign(clientId, clientId, newTokenId(), issuedAtMillis,
				(builder) -> builder.claim(SCOPE_CLAIM, String.join(" ", scopes)));
	}

	private IssuedAccessToken sign(String subject, String clientId, String sessionId, long issuedAtMillis,
			UnaryOperator<JwtBuilder> claims) {
		// NumericDate has whole seconds; truncating first keeps expires_in equal to exp -
		// iat
		Instant issuedAt = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = issuedAt.plus(this.accessTokenTtl);
		SigningKey key = this.keys.signing(issuedAt, this.revokedKeys);
		JwtBuilder builder = claims.apply(Jwts.builder()
			.header()
			.type(TOKEN_TYPE)
			.keyId(key.id())
			.and()
			.issuer(this.properties.issuer())
			.subject(subject)
			.audience()
			.single(this.properties.audience())
			.issuedAt(Date.from(issuedAt))
			.expiration(Date.from(expiresAt))
			.id(newTokenId())
			.claim(CLIENT_ID_CLAIM, clientId)
			.claim(SESSION_CLAIM, sessionId)
			.claim(ISSUED_AT_MILLIS_CLAIM, issuedAtMillis));
		String token = key.isAsymmetric()
				? LowS.of(builder.signWith((PrivateKey) key.signing(), Jwts.SIG.ES256).compact())
				: builder.signWith((SecretKey) key.signing(), Jwts.SIG.HS256).compact();
		return new IssuedAccessToken(token, this.accessTokenTtl);
	}

	private String newTokenId() {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		return JTI_ENCODER.encodeToString(bytes);
	}

}
