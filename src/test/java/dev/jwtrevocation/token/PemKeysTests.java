package dev.jwtrevocation.token;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PemKeysTests {

	@Test
	void privateKeyWhenRsa2048ThenRs256WithItsPublicHalf() throws Exception {
		KeyPair pair = rsa(2048);

		java.security.PrivateKey key = PemKeys.privateKey(pem(pair), new DefaultResourceLoader(), "jwt.keys[0]");

		assertThat(key).isInstanceOf(RSAPrivateKey.class);
		assertThat(PemKeys.algorithm(key)).isEqualTo(SigningKey.RS256);
		assertThat(((RSAPublicKey) PemKeys.publicKey(key)).getModulus())
			.isEqualTo(((RSAPublicKey) pair.getPublic()).getModulus());
	}

	@Test
	void privateKeyWhenRsaUnder2048BitsThenRefused() throws Exception {
		assertThatExceptionOfType(InvalidSigningKeyException.class)
			.isThrownBy(() -> PemKeys.privateKey(pem(rsa(1024)), new DefaultResourceLoader(), "jwt.keys[1]"))
			.withMessageContaining("jwt.keys[1]")
			.withMessageContaining("2048");
	}

	@Test
	void privateKeyWhenEs256ThenEs256() {
		java.security.PrivateKey key = PemKeys.privateKey(Es256Keys.pem(Es256Keys.generate()),
				new DefaultResourceLoader(), "jwt.keys[0]");

		assertThat(PemKeys.algorithm(key)).isEqualTo(SigningKey.ES256);
	}

	@Test
	void onlyWhenEs256AndRs256KeysThenEachAlgorithmRotatesOnItsOwn() throws Exception {
		KeyPair es = Es256Keys.generate();
		KeyPair rs = rsa(2048);
		Instant now = Instant.parse("2026-12-03T12:00:00Z");
		SigningKeys all = new SigningKeys(
				List.of(new SigningKey("es-1", SigningKey.ES256, es.getPrivate(), es.getPublic(), Instant.EPOCH),
						new SigningKey("rs-1", SigningKey.RS256, rs.getPrivate(), rs.getPublic(), Instant.EPOCH),
						new SigningKey("rs-2", SigningKey.RS256, rs.getPrivate(), rs.getPublic(), now.plusSeconds(60))),
				Duration.ofMinutes(15));

		assertThat(all.only(SigningKey.ES256).signing(now).id()).isEqualTo("es-1");
		assertThat(all.only(SigningKey.RS256).signing(now).id()).isEqualTo("rs-1");
		assertThat(all.only(SigningKey.RS256).signing(now.plusSeconds(61)).id()).isEqualTo("rs-2");
		assertThat(all.only(SigningKey.ES256).verifying("rs-1", now)).isNull();
		assertThat(all.only(SigningKey.HS256)).isNull();
	}

	private static KeyPair rsa(int bits) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(bits);
		return generator.generateKeyPair();
	}

	private static String pem(KeyPair pair) {
		return "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
	}

}
