package dev.jwtrevocation.starter;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.jwtrevocation.revocation.RevocationCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter's decisions without Redis: revoked is a 401 {@code invalid_token}, a check
 * that cannot be made is neither a success nor a 401 but a 503.
 */
class RevokedTokenValidatorTests {

	private static final Jwt TOKEN = Jwt.withTokenValue("t")
		.header("alg", "ES256")
		.header("kid", "k1")
		.subject("alice")
		.jti("jti-1")
		.claims((claims) -> claims.putAll(Map.of("sid", "sid-1", "iat_ms", 1_000L)))
		.issuedAt(Instant.now())
		.expiresAt(Instant.now().plusSeconds(600))
		.build();

	@Test
	void validateWhenTheDenylistHasTheTokenThenInvalidTokenRevoked() {
		RevocationCheck revoked = (token) -> token.id().equals("jti-1") && token.sessionId().equals("sid-1")
				&& token.issuedAtMillis() == 1_000L && token.subject().equals("alice");

		OAuth2TokenValidatorResult result = new RevokedTokenValidator(revoked).validate(TOKEN);

		assertThat(result.hasErrors()).isTrue();
		assertThat(result.getErrors()).singleElement().satisfies((error) -> {
			assertThat(error.getErrorCode()).isEqualTo("invalid_token");
			assertThat(error.getDescription()).isEqualTo("The access token has been revoked");
		});
		assertThat(new RevokedTokenValidator((token) -> false).validate(TOKEN).hasErrors()).isFalse();
	}

	@Test
	void validateWhenTheSigningKeyIsRevokedThenInvalidTokenRevoked() {
		RevocationCheck compromised = (token) -> "k1".equals(token.keyId());

		assertThat(new RevokedTokenValidator(compromised).validate(TOKEN).hasErrors()).isTrue();
		assertThat(new RevokedTokenValidator((token) -> "k2".equals(token.keyId())).validate(TOKEN).hasErrors())
			.isFalse();
	}

	@Test
	void validateWhenAClaimTheDenylistNeedsIsMissingThenInvalid() {
		Jwt withoutSession = Jwt.withTokenValue("t")
			.header("alg", "ES256")
			.subject("alice")
			.jti("jti-1")
			.claim("iat_ms", 1L)
			.expiresAt(Instant.now().plusSeconds(600))
			.build();

		assertThat(new RevokedTokenValidator((token) -> false).validate(withoutSession).hasErrors()).isTrue();
	}

	@Test
	void validateWhenRedisCannotAnswerThenUnavailableAndTheFilterAnswers503() throws Exception {
		RevokedTokenValidator validator = new RevokedTokenValidator((token) -> {
			throw new QueryTimeoutException("Redis timed out");
		});
		RevocationUnavailableException unavailable = org.junit.jupiter.api.Assertions
			.assertThrows(RevocationUnavailableException.class, () -> validator.validate(TOKEN));

		MockHttpServletResponse response = new MockHttpServletResponse();
		new RevocationUnavailableFilter().doFilter(new MockHttpServletRequest(), response, (request, ignored) -> {
			throw new AuthenticationServiceException(unavailable.getMessage(), unavailable);
		});

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("5");
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("revocation-unavailable").contains("\"status\":503");
	}

	@Test
	void filterWhenAnotherFailureThenRethrown() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> new RevocationUnavailableFilter()
			.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), (request, response) -> {
				throw new IllegalStateException("not ours");
			}));
	}

}
