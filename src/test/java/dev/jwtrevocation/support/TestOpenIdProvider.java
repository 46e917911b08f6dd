package dev.jwtrevocation.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenID provider as this service meets one: discovery and a JWK Set over real HTTP on
 * loopback (every request counted), and logout tokens shaped as Keycloak 26 sends them
 * (RS256, {@code typ: logout+jwt}, {@code sid}, {@code sub}, {@code events}, {@code jti},
 * {@code iat}, {@code exp}), signed with its key.
 */
public final class TestOpenIdProvider implements AutoCloseable {

	public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	private final HttpServer server;

	private final RSAKey key;

	private final AtomicInteger requests = new AtomicInteger();

	public TestOpenIdProvider() throws JOSEException, IOException {
		this.key = new RSAKeyGenerator(2048).keyID("kc-" + UUID.randomUUID()).generate();
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.requests.incrementAndGet();
			String path = exchange.getRequestURI().getPath();
			if (path.equals("/.well-known/openid-configuration")) {
				json(exchange, "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer()
						+ "/certs\",\"backchannel_logout_supported\":true,\"backchannel_logout_session_supported\":true}");
			}
			else if (path.equals("/certs")) {
				json(exchange, new JWKSet(this.key.toPublicJWK()).toString());
			}
			else {
				exchange.sendResponseHeaders(404, -1);
				exchange.close();
			}
		});
		this.server.start();
	}

	public String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** How many HTTP requests it has answered. */
	public int requests() {
		return this.requests.get();
	}

	public RSAKey key() {
		return this.key;
	}

	/**
	 * A valid logout token of the session {@code sid} of {@code sub}, for
	 * {@code audience}.
	 */
	public String logoutToken(String audience, String sub, String sid) {
		return logoutToken(audience, sub, sid, (claims) -> {
		});
	}

	/** A logout token changed by {@code change} before it is signed. */
	public String logoutToken(String audience, String sub, String sid, Consumer<JWTClaimsSet.Builder> change) {
		return sign(claims(audience, sub, sid, change), this.key, JWSAlgorithm.RS256, "logout+jwt");
	}

	public JWTClaimsSet claims(String audience, String sub, String sid, Consumer<JWTClaimsSet.Builder> change) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer())
			.audience(audience)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(120)))
			.jwtID(UUID.randomUUID().toString())
			.claim("events", Map.of(EVENT, Map.of()));
		if (sub != null) {
			claims.subject(sub);
		}
		if (sid != null) {
			claims.claim("sid", sid);
		}
		change.accept(claims);
		return claims.build();
	}

	/**
	 * A Security Event Token of one event, as an SSF transmitter pushes it: {@code typ:
	 * secevent+jwt}, the subject in {@code sub_id}.
	 * @param subject the RFC 9493 subject identifier
	 * @param event the event's members
	 */
	public String securityEvent(String audience, String eventType, Map<String, Object> subject,
			Map<String, Object> event, Consumer<JWTClaimsSet.Builder> change) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer())
			.audience(audience)
			.issueTime(new Date())
			.jwtID(UUID.randomUUID().toString())
			.claim("sub_id", subject)
			.claim("events", Map.of(eventType, event));
		change.accept(claims);
		return sign(claims.build(), this.key, JWSAlgorithm.RS256, "secevent+jwt");
	}

	/** An {@code iss_sub} subject identifier of this provider. */
	public Map<String, Object> user(String sub) {
		return Map.of("format", "iss_sub", "iss", issuer(), "sub", sub);
	}

	/** {@code claims} signed with any RSA key, under this provider's {@code kid}. */
	public String sign(JWTClaimsSet claims, RSAKey with, JWSAlgorithm algorithm, String type) {
		JWSHeader.Builder header = new JWSHeader.Builder(algorithm).keyID(this.key.getKeyID());
		if (type != null) {
			header.type(new JOSEObjectType(type));
		}
		SignedJWT jwt = new SignedJWT(header.build(), claims);
		try {
			jwt.sign(new RSASSASigner(with));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
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
