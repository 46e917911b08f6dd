package dev.jwtrevocation.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.jwtrevocation.revocation.TokenLifetimes;
import dev.jwtrevocation.revocation.RevocationKeys;
import dev.jwtrevocation.revocation.RevocationMirror;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.system.WorkBudget;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * JMH microbenchmarks of what every authenticated request pays: verifying the token (this
 * service's verifier, against jjwt doing the same checks and against the bare HMAC), and
 * asking whether it was revoked (the mirror's lookup, against a Redis {@code MGET} on
 * loopback).
 * <p>
 * Run by bench/run.sh, which passes the port of a running Redis as
 * {@code -Dbench.redis.port}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {

	private static final String CLIENT = "203.0.113.7";

	private static final String SECRET = Base64.getEncoder()
		.encodeToString("a benchmark key of at least 32 bytes, no secret".getBytes(StandardCharsets.UTF_8));

	private final JwtProperties properties = new JwtProperties(SECRET, "jwt-revocation", "jwt-revocation-api", "client",
			List.of(), Duration.ofMinutes(5), 20_000, List.of());

	private final TokenLifetimes lifetimes = new TokenLifetimes(Duration.ofSeconds(30), Duration.ofMinutes(15),
			Duration.ofDays(7));

	private String token;

	private byte[] signingInput;

	private AccessTokenVerifier verifier;

	private JwtParser jjwt;

	private Mac mac;

	private AccessToken accessToken;

	private RevocationMirror mirror;

	private RevocationStore store;

	private RevocationStore strictStore;

	private RedisClient redisClient;

	private LettuceConnectionFactory connectionFactory;

	private ClientResources clientResources;

	@Setup(Level.Trial)
	public void setUp() throws GeneralSecurityException {
		SecretKeySpec key = new SecretKeySpec(Base64.getDecoder().decode(SECRET), "HmacSHA256");
		Clock clock = Clock.systemUTC();
		this.token = new AccessTokenIssuer(SigningKeys.hs256(key), this.properties, this.lifetimes, clock)
			.issue("benchmark-user", List.of("USER"), "benchmark-session", System.currentTimeMillis())
			.value();
		this.signingInput = this.token.substring(0, this.token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
		this.verifier = new AccessTokenVerifier(SigningKeys.hs256(key), this.properties, this.lifetimes, clock,
				new WorkBudget(1_000_000, 1_000_000));
		this.jjwt = Jwts.parser()
			.keyLocator((header) -> key)
			.requireIssuer("jwt-revocation")
			.requireAudience("jwt-revocation-api")
			.clockSkewSeconds(30)
			.clock(() -> Date.from(clock.instant()))
			.build();
		this.mac = Mac.getInstance("HmacSHA256");
		this.mac.init(key);
		this.accessToken = this.verifier.verify(this.token, CLIENT);

		int port = Integer.getInteger("bench.redis.port", 6379);
		this.clientResources = ClientResources.create();
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.redisClient = RedisClient.create(this.clientResources, RedisURI.create("127.0.0.1", port));
		this.mirror = new RevocationMirror(true, RevocationKeys.DEFAULT, () -> this.redisClient, Duration.ofSeconds(1),
				clock);
		this.mirror.start();
		long deadline = System.currentTimeMillis() + 10_000;
		while (!this.mirror.isTrusted()) {
			if (System.currentTimeMillis() > deadline) {
				throw new IllegalStateException("the mirror did not become trusted: is Redis on port " + port + "?");
			}
			Thread.onSpinWait();
		}
		StringRedisTemplate redis = new StringRedisTemplate(this.connectionFactory);
		TokenLifetimes lifetimes = this.lifetimes;
		this.store = new RevocationStore(redis, this.mirror, lifetimes, clock);
		this.strictStore = new RevocationStore(redis, new RevocationMirror(false, RevocationKeys.DEFAULT,
				() -> this.redisClient, Duration.ofSeconds(1), clock), lifetimes, clock);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.mirror.stop();
		this.redisClient.shutdown();
		this.connectionFactory.destroy();
		this.clientResources.shutdown();
	}

	@Benchmark
	public AccessToken verifyAccessToken() {
		return this.verifier.verify(this.token, CLIENT);
	}

	@Benchmark
	public Object jjwtParseAndVerify() {
		return this.jjwt.parseSignedClaims(this.token).getPayload();
	}

	@Benchmark
	public byte[] hmacSha256Only() {
		return this.mac.doFinal(this.signingInput);
	}

	@Benchmark
	public boolean revocationLookupInMirror() {
		return this.store.isRevoked(this.accessToken);
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public boolean revocationLookupInRedis() {
		return this.strictStore.isRevoked(this.accessToken);
	}

}
