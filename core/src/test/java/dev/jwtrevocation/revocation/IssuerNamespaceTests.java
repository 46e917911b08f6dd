package dev.jwtrevocation.revocation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IssuerNamespaceTests {

	@Test
	void tagWhenDerivedThenItIsTheFirstEightBase64urlCharactersOfTheIssuersSha256() {
		// printf %s https://idp.example | openssl dgst -sha256 -binary | basenc
		// --base64url
		assertThat(IssuerNamespace.of("https://idp.example").subject("alice"))
			.isEqualTo(IssuerNamespace.tag("https://idp.example") + ":alice");
		assertThat(IssuerNamespace.tag("https://idp.example")).hasSize(8).matches("[A-Za-z0-9_-]{8}");
		assertThat(IssuerNamespace.tag("https://idp.example")).isEqualTo(IssuerNamespace.tag("https://idp.example"));
	}

	@Test
	void sameSubjectWhenTwoIssuersThenTheirKeysDiffer() {
		String atKeycloak = IssuerNamespace.of("http://localhost:8180/realms/demo").subject("alice");
		String atOkta = IssuerNamespace.of("https://example.okta.com").subject("alice");
		String trailingSlash = IssuerNamespace.of("https://example.okta.com/").subject("alice");

		assertThat(RevocationKeys.DEFAULT.cutoff(atKeycloak)).isNotEqualTo(RevocationKeys.DEFAULT.cutoff(atOkta));
		assertThat(RevocationKeys.DEFAULT.cutoff(atOkta)).isNotEqualTo(RevocationKeys.DEFAULT.cutoff(trailingSlash));
		// a username cannot contain ':': none is ever a provider's subject
		assertThat(RevocationKeys.DEFAULT.cutoff("alice")).isNotEqualTo(RevocationKeys.DEFAULT.cutoff(atOkta));
	}

	@Test
	void subjectWhenItHasBracesThenTheyAreEncodedSoItsKeysKeepOneHashTag() {
		IssuerNamespace namespace = IssuerNamespace.of("https://idp.example");
		String subject = namespace.subject("a}b{c%d");

		assertThat(subject).endsWith(":a%7Db%7Bc%25d");
		assertThat(RevocationKeys.tag(subject)).doesNotContain("}b").matches("\\{[^{}]+\\}");
		assertThat(namespace.subject("auth0|5f7c8ec7c33c6c004bbafe82")).endsWith(":auth0|5f7c8ec7c33c6c004bbafe82");
	}

}
