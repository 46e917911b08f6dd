package dev.jwtrevocation.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Derives each refresh token's secret from the previous one, and recognises an earlier
 * token of a session by deriving forward from it.
 * <p>
 * The key is derived from the access-token signing key (HMAC-SHA256 of a fixed label), so
 * there is no second secret to configure, and the two uses never share a key. Rotating
 * {@code JWT_SECRET} therefore also invalidates every refresh token, as it invalidates
 * every access token.
 */
@Component
class RefreshTokenChain {

	/**
	 * How far back an earlier token is still recognised; beyond, it is simply invalid.
	 * Bounds the hashing an anonymous caller can ask for with one request.
	 */
	static final int MAX_STEPS = 1000;

	/**
	 * How far back an earlier token may be and still be recognised for free: a racing tab
	 * or a retry is one generation back, and a walk this short costs less than the
	 * request around it. Longer walks count against the session's refreshes a minute and
	 * a budget of the sender's address.
	 */
	static final int FREE_STEPS = 16;

	private final SecretKey key;

	RefreshTokenChain(SecretKey accessTokenSigningKey) {
		Assert.notNull(accessTokenSigningKey, "accessTokenSigningKey cannot be null");
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(accessTokenSigningKey);
			byte[] derived = mac.doFinal("jwt-revocation refresh-token chain v1".getBytes(StandardCharsets.US_ASCII));
			this.key = new SecretKeySpec(derived, "HmacSHA256");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java platform", ex);
		}
	}

	RefreshToken next(RefreshToken token) {
		return token.next(mac());
	}

	/**
	 * The token of generation {@code generation} that {@code earlier} leads to, if it is
	 * no more than {@link #MAX_STEPS} ahead.
	 */
	Optional<RefreshToken> forward(RefreshToken earlier, long generation) {
		long steps = generation - earlier.generation();
		if (steps < 0 || steps > MAX_STEPS) {
			return Optional.empty();
		}
		Mac mac = mac();
		RefreshToken token = earlier;
		for (long i = 0; i < steps; i++) {
			token = token.next(mac);
		}
		return Optional.of(token);
	}

	private Mac mac() {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java platform", ex);
		}
	}

}
