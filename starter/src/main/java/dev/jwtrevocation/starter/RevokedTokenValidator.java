package dev.jwtrevocation.starter;

import org.springframework.dao.DataAccessException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;

import dev.jwtrevocation.revocation.RevocationCheck;

/**
 * Refuses a token that jwt-revocation has revoked: one more validator on Spring
 * Security's own resource-server decoder (Spring Boot adds every
 * {@code OAuth2TokenValidator<Jwt>} bean to the decoder it auto-configures), run after
 * the signature, issuer and lifetime checks. It asks the in-memory mirror, or Redis while
 * the mirror holds no lease.
 * <p>
 * A revoked token, or one without the claims the denylist needs
 * ({@link RevocableJwtReader}), is a 401 {@code invalid_token}. When neither the mirror
 * nor Redis can answer, the token is neither accepted nor called invalid:
 * {@link RevocationUnavailableException} makes the request a 503
 * ({@link RevocationUnavailableFilter}).
 */
public final class RevokedTokenValidator implements OAuth2TokenValidator<Jwt> {

	private static final OAuth2TokenValidatorResult REVOKED = OAuth2TokenValidatorResult
		.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The access token has been revoked", null));

	private static final OAuth2TokenValidatorResult NOT_REVOCABLE = OAuth2TokenValidatorResult
		.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
				"The access token lacks the claims a revocation check needs, or outlives its revocations", null));

	private final RevocationCheck revocations;

	private final RevocableJwtReader reader;

	/** Checks the tokens of jwt-revocation's service. */
	public RevokedTokenValidator(RevocationCheck revocations) {
		this(revocations, RevocableJwtReader.forService());
	}

	RevokedTokenValidator(RevocationCheck revocations, RevocableJwtReader reader) {
		Assert.notNull(revocations, "revocations cannot be null");
		Assert.notNull(reader, "reader cannot be null");
		this.revocations = revocations;
		this.reader = reader;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		JwtRevocableToken token = this.reader.read(jwt);
		if (token == null) {
			return NOT_REVOCABLE;
		}
		boolean revoked;
		try {
			revoked = this.revocations.isRevoked(token);
		}
		catch (DataAccessException ex) {
			throw new RevocationUnavailableException(ex);
		}
		return revoked ? REVOKED : OAuth2TokenValidatorResult.success();
	}

}
