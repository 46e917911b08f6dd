package dev.jwtrevocation.starter;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import dev.jwtrevocation.revocation.IssuerNamespace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the denylist reads from each issuer type's tokens, and the rule for each missing
 * claim.
 */
class RevocableJwtReaderTests {

	private static final String KEYCLOAK = "http://localhost:8180/realms/demo";

	private static final Instant IAT = Instant.parse("2026-12-02T10:00:00Z");

	private final RevocableJwtReader keycloak = RevocableJwtReader.forProvider(KEYCLOAK,
			JwtRevocationProperties.Claims.DEFAULT, Duration.ofHours(1));

	@Test
	void providerTokenWhenCompleteThenItsSubjectIsNamespacedByIssuerAndItsIssueTimeIsInWholeSeconds() {
		JwtRevocableToken token = this.keycloak.read(keycloakToken((jwt) -> {
		}));

		assertThat(token.subject()).isEqualTo(IssuerNamespace.of(KEYCLOAK).subject("5d1f6a0e-uuid"));
		assertThat(token.sessionOwner()).isEqualTo(IssuerNamespace.of(KEYCLOAK).sessionOwner());
		assertThat(token.id()).isEqualTo("onrtro:3c0a");
		assertThat(token.sessionId()).isEqualTo("kc-sid-1");
		assertThat(token.issuedAtMillis()).isEqualTo(IAT.getEpochSecond() * 1000);
		// a provider's kid is its own key: never one jwt-revocation revokes
		assertThat(token.keyId()).isNull();
	}

	@Test
	void providerTokenWhenItLacksSidOrJtiThenItIsStillCheckedByWhatItCarries() {
		JwtRevocableToken token = this.keycloak.read(keycloakToken((jwt) -> jwt.claims((claims) -> {
			claims.remove("sid");
			claims.remove("jti");
		})));

		assertThat(token).isNotNull();
		assertThat(token.sessionId()).isNull();
		assertThat(token.id()).isNull();
	}

	@Test
	void providerTokenWhenItLacksSubjectOrIatOrComesFromAnotherIssuerThenItCannotBeChecked() {
		assertThat(this.keycloak.read(keycloakToken((jwt) -> jwt.claims((claims) -> claims.remove("sub"))))).isNull();
		assertThat(this.keycloak.read(keycloakToken((jwt) -> jwt.claims((claims) -> claims.remove("iat"))))).isNull();
		assertThat(this.keycloak.read(keycloakToken((jwt) -> jwt.issuer("https://evil.example")))).isNull();
	}

	@Test
	void providerTokenWhenItLivesLongerThanItsRevocationsThenItCannotBeChecked() {
		assertThat(this.keycloak.read(keycloakToken((jwt) -> jwt.expiresAt(IAT.plus(Duration.ofHours(1))))))
			.isNotNull();
		assertThat(
				this.keycloak.read(keycloakToken((jwt) -> jwt.expiresAt(IAT.plus(Duration.ofHours(1).plusSeconds(1))))))
			.isNull();
	}

	@Test
	void providerTokenWhenTheClaimsAreConfiguredThenTheyAreReadFromThere() {
		RevocableJwtReader reader = RevocableJwtReader.forProvider(KEYCLOAK,
				new JwtRevocationProperties.Claims("uid", "session_state", "jti"), Duration.ofHours(1));

		JwtRevocableToken token = reader
			.read(keycloakToken((jwt) -> jwt.claim("uid", "u-7").claim("session_state", "s-7")));

		assertThat(token.subject()).endsWith(":u-7");
		assertThat(token.sessionId()).isEqualTo("s-7");
	}

	@Test
	void serviceTokenWhenItLacksIatMsThenItCannotBeChecked() {
		RevocableJwtReader service = RevocableJwtReader.forService();

		assertThat(service.read(keycloakToken((jwt) -> {
		}))).isNull();
		JwtRevocableToken token = service.read(keycloakToken((jwt) -> jwt.claim("iat_ms", 1_700_000_000_123L)));
		assertThat(token.subject()).isEqualTo("5d1f6a0e-uuid");
		assertThat(token.issuedAtMillis()).isEqualTo(1_700_000_000_123L);
	}

	/** A token shaped as Keycloak 26 signs them: typ JWT, sid, jti, iat in seconds. */
	private static Jwt keycloakToken(Consumer<Jwt.Builder> change) {
		Jwt.Builder builder = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.header("typ", "JWT")
			.header("kid", "kc-key")
			.issuer(KEYCLOAK)
			.subject("5d1f6a0e-uuid")
			.jti("onrtro:3c0a")
			.claim("sid", "kc-sid-1")
			.claim("azp", "orders")
			.issuedAt(IAT)
			.expiresAt(IAT.plusSeconds(300));
		change.accept(builder);
		return builder.build();
	}

}
