package dev.jwtrevocation.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
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

	private final String accessToken = "at-" + UUID.randomUUID();

	private final Map<String, String> queued = new ConcurrentHashMap<>();

	private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

	private final Map<String, Object> errors = new ConcurrentHashMap<>();

	private final List<Map<String, Object>> streams = new CopyOnWriteArrayList<>();

	private final List<Map<String, Object>> created = new CopyOnWriteArrayList<>();

	private volatile String client;

	public TestOpenIdProvider() throws JOSEException, IOException {
		this.key = new RSAKeyGenerator(2048).keyID("kc-" + UUID.randomUUID()).generate();
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.requests.incrementAndGet();
			String path = exchange.getRequestURI().getPath();
			if (path.equals("/.well-known/openid-configuration")) {
				json(exchange, 200,
						"{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/certs\",\"token_endpoint\":\""
								+ issuer() + "/token\",\"backchannel_logout_supported\":true,"
								+ "\"backchannel_logout_session_supported\":true}");
			}
			else if (path.equals("/certs")) {
				json(exchange, 200, new JWKSet(this.key.toPublicJWK()).toString());
			}
			else if (path.equals("/.well-known/ssf-configuration")) {
				json(exchange, 200,
						"{\"spec_version\":\"1_0\",\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer()
								+ "/certs\",\"configuration_endpoint\":\"" + issuer() + "/ssf/streams\","
								+ "\"delivery_methods_supported\":[\"urn:ietf:rfc:8935\",\"urn:ietf:rfc:8936\"]}");
			}
			else if (path.equals("/token")) {
				token(exchange);
			}
			else if (path.equals("/ssf/streams") && authorized(exchange)) {
				streams(exchange);
			}
			else if (path.equals("/ssf/poll") && authorized(exchange)) {
				poll(exchange);
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

	/** The client credentials the token endpoint takes, as {@code client:secret}. */
	public void acceptClient(String clientId, String secret) {
		this.client = clientId + ":" + secret;
	}

	/** A SET this transmitter serves to the next polls until it is acknowledged. */
	public void queue(String jti, String set) {
		this.queued.put(jti, set);
	}

	/** The {@code jti}s the receiver acknowledged in its polls. */
	public Set<String> acknowledged() {
		return this.acknowledged;
	}

	/** The {@code setErrs} the receiver returned in its polls. */
	public Map<String, Object> errors() {
		return this.errors;
	}

	/** The streams as this transmitter created them. */
	public List<Map<String, Object>> createdStreams() {
		return this.created;
	}

	/** The streams created, as the receiver asked for them. */
	public List<Map<String, Object>> streams() {
		return this.streams;
	}

	private void token(HttpExchange exchange) throws IOException {
		String basic = exchange.getRequestHeaders().getFirst("Authorization");
		String expected = "Basic "
				+ Base64.getEncoder().encodeToString(String.valueOf(this.client).getBytes(StandardCharsets.UTF_8));
		if (this.client == null || !expected.equals(basic)) {
			json(exchange, 401, "{\"error\":\"invalid_client\"}");
			return;
		}
		json(exchange, 200,
				"{\"access_token\":\"" + this.accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
	}

	private boolean authorized(HttpExchange exchange) throws IOException {
		if (("Bearer " + this.accessToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			return true;
		}
		json(exchange, 401, "{\"error\":\"invalid_token\"}");
		return false;
	}

	private void streams(HttpExchange exchange) throws IOException {
		if (exchange.getRequestMethod().equals("GET")) {
			json(exchange, 200, JSONArrayUtils.toJSONString(new ArrayList<>(this.created)));
			return;
		}
		if (exchange.getRequestMethod().equals("DELETE")) {
			String query = String.valueOf(exchange.getRequestURI().getQuery());
			boolean deleted = this.created.removeIf((stream) -> query.equals("stream_id=" + stream.get("stream_id")));
			exchange.sendResponseHeaders(deleted ? 204 : 404, -1);
			exchange.close();
			return;
		}
		Map<String, Object> stream = read(exchange);
		this.streams.add(stream);
		Map<String, Object> created = new LinkedHashMap<>(stream);
		String streamId = UUID.randomUUID().toString();
		created.put("stream_id", streamId);
		// as Keycloak does: an audience of the stream's own
		created.put("aud", "receiver/" + streamId);
		created.put("iss", issuer());
		if (stream.get("delivery") instanceof Map<?, ?> delivery
				&& "urn:ietf:rfc:8936".equals(delivery.get("method"))) {
			created.put("delivery", Map.of("method", "urn:ietf:rfc:8936", "endpoint_url", issuer() + "/ssf/poll"));
		}
		this.created.add(created);
		json(exchange, 201, JSONObjectUtils.toJSONString(created));
	}

	private void poll(HttpExchange exchange) throws IOException {
		Map<String, Object> request = read(exchange);
		if (request.get("ack") instanceof List<?> ack) {
			ack.forEach((jti) -> {
				this.acknowledged.add((String) jti);
				this.queued.remove(jti);
			});
		}
		if (request.get("setErrs") instanceof Map<?, ?> errors) {
			errors.forEach((jti, error) -> {
				this.errors.put((String) jti, error);
				this.queued.remove(jti);
			});
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("sets", new LinkedHashMap<>(this.queued));
		answer.put("moreAvailable", false);
		json(exchange, 200, JSONObjectUtils.toJSONString(answer));
	}

	private static Map<String, Object> read(HttpExchange exchange) throws IOException {
		try {
			return JSONObjectUtils.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (java.text.ParseException ex) {
			throw new IOException(ex);
		}
	}

	private static void json(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
