package example.orders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.jwtrevocation.revocation.RevocationKeys;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.support.TestRedis;
import dev.jwtrevocation.support.TestToken;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example as a user runs it: a stock resource server with the starter, a real Redis,
 * and an issuer serving its keys over HTTP. Revocations are written through the same
 * revocation core the service uses, so each one returns only once this server's mirror
 * holds it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OrdersApplicationTests {

	private static final TestIssuer issuer = TestIssuer.start();

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private RevocationStore revocations;

	@Autowired
	private StringRedisTemplate redis;

	@DynamicPropertySource
	static void issuerAndRedis(DynamicPropertyRegistry registry) {
		TestRedis redis = TestRedis.get();
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer::uri);
		registry.add("spring.data.redis.url", () -> "redis://" + redis.host() + ":" + redis.port());
	}

	@AfterAll
	static void stopIssuer() {
		issuer.close();
	}

	@Test
	void ordersWhenTokenLiveThen200() throws Exception {
		SignedJWT token = issuer.token(user(), "s1");
		HttpResponse<String> response = orders(token);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains(token.getJWTClaimsSet().getSubject()).contains("A-1001");
	}

	@Test
	void ordersWhenTokenRevokedThen401AndTheEntryLivesAsLongAsTheToken() throws Exception {
		SignedJWT token = issuer.token(user(), "s1");
		assertThat(orders(token).statusCode()).isEqualTo(200);
		this.revocations.revoke(revocable(token));
		HttpResponse<String> response = orders(token);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying((
				challenge) -> assertThat(challenge).startsWith("Bearer").contains("invalid_token").contains("revoked"));
		String key = RevocationKeys.DEFAULT.token(token.getJWTClaimsSet().getSubject(),
				token.getJWTClaimsSet().getJWTID());
		// exp (a minute away) plus twice the default clock skew of 30 s
		assertThat(this.redis.getExpire(key)).isBetween(110L, 120L);
	}

	@Test
	void ordersWhenEverythingOfAUserIsRevokedThenEachSessionIs401AndOtherUsersStay200() throws Exception {
		String user = user();
		SignedJWT first = issuer.token(user, "s1");
		SignedJWT second = issuer.token(user, "s2");
		SignedJWT other = issuer.token(user(), "s1");
		Thread.sleep(2);
		this.revocations.revokeAllIssuedUntilNow(user);
		assertThat(orders(first).statusCode()).isEqualTo(401);
		assertThat(orders(second).statusCode()).isEqualTo(401);
		assertThat(orders(other).statusCode()).isEqualTo(200);
	}

	@Test
	void ordersWhenRevokedUnderParallelLoadThenNoRevokedTokenIsAcceptedOnceTheRevocationReturns() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<int[]>> results = new ArrayList<>();
			for (int client = 0; client < 8; client++) {
				results.add(clients.submit(revokeAndCall(25)));
			}
			for (Future<int[]> result : results) {
				// {accepted before the revocation, refused after it}
				assertThat(result.get()).containsExactly(25, 25);
			}
		}
		finally {
			clients.shutdownNow();
		}
	}

	private Callable<int[]> revokeAndCall(int tokens) {
		return () -> {
			int[] counts = new int[2];
			for (int i = 0; i < tokens; i++) {
				SignedJWT token = issuer.token(user(), "s" + i);
				if (orders(token).statusCode() == 200) {
					counts[0]++;
				}
				this.revocations.revoke(revocable(token));
				if (orders(token).statusCode() == 401) {
					counts[1]++;
				}
			}
			return counts;
		};
	}

	private HttpResponse<String> orders(SignedJWT token) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/orders"))
			.header("Authorization", "Bearer " + token.serialize())
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static TestToken revocable(SignedJWT token) throws Exception {
		var claims = token.getJWTClaimsSet();
		return new TestToken(claims.getSubject(), claims.getJWTID(), claims.getStringClaim("sid"),
				claims.getLongClaim("iat_ms"), claims.getExpirationTime().toInstant(), token.getHeader().getKeyID());
	}

	private static String user() {
		return "u-" + UUID.randomUUID().toString().substring(0, 12);
	}

}
