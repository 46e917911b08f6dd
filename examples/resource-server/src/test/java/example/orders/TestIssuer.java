package example.orders;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An issuer as jwt-revocation is one to a resource server: OpenID discovery and a JWK Set
 * served over real HTTP on loopback, and ES256 access tokens with a {@code kid}, the
 * {@code at+jwt} type of RFC 9068 and the claims the denylist reads.
 */
final class TestIssuer implements AutoCloseable {

	static final String AUDIENCE = "jwt-revocation-api";

	private static final String KEY_ID = "test-key";

	private final HttpServer server;

	private static final String RSA_KEY_ID = "keycloak-like-key";

	private final ECPrivateKey privateKey;

	private final RSAKey rsaKey;

	private final String jwks;

	TestIssuer() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair pair = generator.generateKeyPair();
		this.privateKey = (ECPrivateKey) pair.getPrivate();
		this.rsaKey = new RSAKeyGenerator(2048).keyID(RSA_KEY_ID).generate();
		this.jwks = new JWKSet(
				List.of(new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).keyID(KEY_ID).build(),
						this.rsaKey.toPublicJWK()))
			.toString();
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/.well-known/openid-configuration",
				(exchange) -> json(exchange, "{\"issuer\":\"" + uri() + "\",\"jwks_uri\":\"" + uri() + "/jwks\"}"));
		this.server.createContext("/jwks", (exchange) -> json(exchange, this.jwks));
		this.server.start();
	}

	/** A started issuer, for a static field of a test class. */
	static TestIssuer start() {
		try {
			return new TestIssuer();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * A live token of {@code subject}, in session {@code sessionId}, valid for a minute.
	 */
	SignedJWT token(String subject, String sessionId) throws JOSEException {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(uri())
			.subject(subject)
			.audience(AUDIENCE)
			.jwtID(UUID.randomUUID().toString())
			.claim("sid", sessionId)
			.claim("iat_ms", now.toEpochMilli())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(60)))
			.build();
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(KEY_ID)
			.type(new JOSEObjectType("at+jwt"))
			.build();
		SignedJWT jwt = new SignedJWT(header, claims);
		jwt.sign(new ECDSASigner(this.privateKey));
		return jwt;
	}

	/**
	 * A token shaped as Keycloak 26 signs its access tokens: RS256, {@code typ: JWT}, a
	 * {@code sid}, a {@code jti}, {@code iat} in whole seconds, no {@code iat_ms}.
	 * @param sessionId its {@code sid}, or {@code null} for none
	 * @param lifetime how long it lives from now
	 */
	SignedJWT keycloakToken(String subject, String sessionId, Duration lifetime) throws JOSEException {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(uri())
			.subject(subject)
			.audience(AUDIENCE)
			.jwtID("onrtro:" + UUID.randomUUID())
			.claim("azp", "orders")
			.claim("typ", "Bearer")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(lifetime)));
		if (sessionId != null) {
			claims.claim("sid", sessionId);
		}
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA_KEY_ID).type(JOSEObjectType.JWT).build(),
				claims.build());
		jwt.sign(new RSASSASigner(this.rsaKey));
		return jwt;
	}

	private static void json(HttpExchange exchange, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
