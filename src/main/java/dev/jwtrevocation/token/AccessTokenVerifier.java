package dev.jwtrevocation.token;

import java.time.Clock;

import javax.crypto.SecretKey;

import io.micrometer.core.instrument.MeterRegistry;

import dev.jwtrevocation.revocation.TokenLifetimes;
import dev.jwtrevocation.system.ThrottledRequests;
import dev.jwtrevocation.system.WorkBudget;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Verifies a compact access token following the JWT best current practices of RFC 8725
 * and the access-token profile of RFC 9068, without any network or Redis access.
 * <p>
 * This runs on every authenticated request, and a general-purpose JWT library spends most
 * of its time on what a service that accepts exactly one kind of token never needs
 * (algorithm and key resolution, JWK parsing, claim conversion). So the check is a short
 * pipeline written for that one kind, in the order that refuses forgeries cheapest:
 * <ol>
 * <li>{@link CompactJws}: three canonical base64url parts, so that no token has a second
 * spelling, and a signature of exactly the algorithm's length;</li>
 * <li>{@link JwsSignature}: the signature and the header ({@link JwsHeaderRules}), by
 * {@link Hs256Signature} (the MAC before any JSON is parsed) or {@link Es256Signature}
 * (the header first: it names the key);</li>
 * <li>{@link AccessTokenClaims}: the claims. Duplicate members make the token invalid
 * ({@link TokenJson}).</li>
 * </ol>
 * An ES256 verification costs hundreds of microseconds where HS256 costs two, so ES256
 * tokens that verified are remembered by their exact string ({@link VerifiedTokens}):
 * each later request only checks that the token has not expired since (revocation is
 * checked by the caller on every request, as always). The verifications of tokens not yet
 * remembered are bounded per client address and in total
 * ({@link VerificationBudgetProperties}), so that forged tokens cannot take the CPU.
 */
@Component
public final class AccessTokenVerifier {

	/**
	 * Far above any token this service issues; a bigger one is refused before it is
	 * decoded.
	 */
	static final int MAX_TOKEN_LENGTH = 8 * 1024;

	private final JwsSignature signature;

	private final AccessTokenClaims claims;

	/** ES256 only, {@code null} when turned off. */
	private final VerifiedTokens verified;

	/**
	 * @param meters where the budget's refusals are counted, if the application has
	 * Micrometer: {@code jwt.revocation.throttled{action=verification}}
	 */
	@Autowired
	AccessTokenVerifier(SigningKeys keys, JwtProperties properties, VerificationBudgetProperties budget,
			TokenLifetimes lifetimes, Clock clock, ObjectProvider<MeterRegistry> meters) {
		this(keys, properties, lifetimes, clock, new WorkBudget(budget.perAddressPerSecond(), budget.total()),
				refusals(meters.getIfAvailable()));
	}

	AccessTokenVerifier(SigningKeys keys, JwtProperties properties, TokenLifetimes lifetimes, Clock clock,
			WorkBudget budget) {
		this(keys, properties, lifetimes, clock, budget, () -> {
		});
	}

	private AccessTokenVerifier(SigningKeys keys, JwtProperties properties, TokenLifetimes lifetimes, Clock clock,
			WorkBudget budget, Runnable refused) {
		Assert.notNull(keys, "keys cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(lifetimes, "lifetimes cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		Assert.notNull(budget, "budget cannot be null");
		if (keys.isAsymmetric()) {
			this.signature = new Es256Signature(keys, clock, budget, refused);
			this.verified = (properties.verifiedTokenCache() > 0) ? new VerifiedTokens(properties.verifiedTokenCache())
					: null;
		}
		else {
			this.signature = new Hs256Signature((SecretKey) keys.signing(clock.instant()).verifying());
			this.verified = null;
		}
		this.claims = new AccessTokenClaims(properties.issuer(), properties.audience(), clock,
				lifetimes.clockSkew().toMillis());
	}

	private static Runnable refusals(MeterRegistry meters) {
		if (meters == null) {
			return () -> {
			};
		}
		return ThrottledRequests.counter(meters, "verification")::increment;
	}

	/**
	 * Verifies the token and returns its claims.
	 * @param token the compact serialization taken from the {@code Authorization} header
	 * @param clientAddress who sent it ({@code ServletRequest#getRemoteAddr()}), whose
	 * budget pays for a signature not verified before
	 * @return the verified claims
	 * @throws InvalidAccessTokenException if the token must not be accepted, for whatever
	 * reason
	 * @throws TooManyVerificationsException if its signature would have to be verified
	 * and the budget has no room: nothing was decided
	 */
	public AccessToken verify(String token, String clientAddress) {
		if (token == null || token.length() > MAX_TOKEN_LENGTH) {
			throw InvalidAccessTokenException.invalid();
		}
		if (this.verified != null) {
			AccessToken known = this.verified.get(token);
			if (known != null) {
				return this.claims.unexpired(known);
			}
		}
		CompactJws jws = CompactJws.split(token, this.signature.length());
		String keyId = this.signature.verify(jws, clientAddress);
		AccessToken accessToken = this.claims.read(TokenJson.object(jws.payload()), keyId);
		if (this.verified != null) {
			this.verified.put(token, accessToken);
		}
		return accessToken;
	}

}
