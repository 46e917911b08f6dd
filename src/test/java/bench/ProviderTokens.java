package bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.jwtrevocation.support.TestOpenIdProvider;

/**
 * An OpenID provider for the benchmarks ({@code bench/provider.sh}): discovery and a JWK
 * Set over HTTP on loopback, as {@link TestOpenIdProvider} serves them, and files of
 * tokens signed RS256 with its key, shaped as Keycloak 26 signs them: access tokens
 * ({@code typ: JWT}, {@code sub}, {@code sid}, {@code jti}, {@code iat} in seconds, no
 * {@code iat_ms}, audience {@code orders-api}, valid an hour) and logout tokens (one
 * session each, valid ten minutes). Prints the issuer, then {@code ready} once the files
 * are written, then serves until it is killed.
 * <p>
 * Usage: {@code ProviderTokens <access tokens> <file> <logout tokens> <file> <logout
 * audience>}
 */
public final class ProviderTokens {

	private ProviderTokens() {
	}

	public static void main(String[] args) throws Exception {
		TestOpenIdProvider provider = new TestOpenIdProvider();
		System.out.println(provider.issuer());
		System.out.flush();
		RSASSASigner signer = new RSASSASigner(provider.key());
		write(Path.of(args[1]), Integer.parseInt(args[0]), (i) -> sign(signer, provider, accessToken(provider), "JWT"));
		write(Path.of(args[3]), Integer.parseInt(args[2]),
				(i) -> provider.logoutToken(args[4], UUID.randomUUID().toString(), UUID.randomUUID().toString(),
						(claims) -> claims.expirationTime(new Date(System.currentTimeMillis() + 600_000))));
		System.out.println("ready");
		System.out.flush();
		Thread.sleep(Duration.ofHours(1).toMillis());
	}

	private static JWTClaimsSet accessToken(TestOpenIdProvider provider) {
		long now = System.currentTimeMillis();
		return new JWTClaimsSet.Builder().issuer(provider.issuer())
			.subject(UUID.randomUUID().toString())
			.audience(List.of("orders-api"))
			.jwtID("onrtro:" + UUID.randomUUID())
			.claim("sid", UUID.randomUUID().toString())
			.claim("azp", "orders")
			.claim("typ", "Bearer")
			.issueTime(new Date(now / 1000 * 1000))
			.expirationTime(new Date(now + 3_600_000))
			.build();
	}

	private static String sign(RSASSASigner signer, TestOpenIdProvider provider, JWTClaimsSet claims, String type) {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(provider.key().getKeyID())
			.type(new JOSEObjectType(type))
			.build(), claims);
		try {
			jwt.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static void write(Path file, int count, java.util.function.IntFunction<String> token) throws IOException {
		List<String> tokens = IntStream.range(0, count).parallel().mapToObj(token).toList();
		try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
			tokens.forEach(out::println);
		}
	}

}
