package dev.jwtrevocation.revocation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.jwtrevocation.revocation.RevocationMetrics.Kind;
import dev.jwtrevocation.revocation.RevocationMetrics.Outcome;
import dev.jwtrevocation.revocation.RevocationMetrics.Path;

import io.lettuce.core.ScriptOutputType;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * The denylist every authenticated request is checked against, kept in Redis so that
 * every instance sharing that Redis refuses a token once its revocation is acknowledged.
 * <p>
 * A token is refused when any of three keys says so ({@link RevocationKeys#refusing}):
 * its {@code jti} was revoked (logout), its login session was ended, or it was issued
 * before its user's "log out everywhere" cutoff. Every key carries its TTL
 * ({@link TokenLifetimes}): nothing needs cleaning.
 * <p>
 * <strong>The guarantee.</strong> A revocation returns only once it is in Redis and every
 * {@link RevocationMirror} registered there has either confirmed a heartbeat written
 * after it (so its copy holds it) or let its lease run out (so it no longer answers from
 * its copy). From then on no instance answers for the token from a copy that lacks it,
 * and an instance that asks Redis finds it.
 */
public final class RevocationStore implements RevocationCheck {

	private static final RedisScript<Long> SET_CUTOFF_TO_NOW = LuaScript
		.load("dev/jwtrevocation/revocation/cutoff-now.lua", Long.class);

	private static final RedisScript<Long> SET_FOR = LuaScript.load("dev/jwtrevocation/revocation/revoke-key.lua",
			Long.class);

	/** A logout of one token outside any session script. */
	private static final RevokingScript<Long> TOKEN_ONLY = RevokingScript
		.load("dev/jwtrevocation/revocation/revoke-token.lua");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> AWAIT = RedisScript.of(LeaseScripts.AWAIT, List.class);

	/** A mirror silent this long past its lease end is dropped from the registry. */
	private static final String FORGET_AFTER_MILLIS = "60000";

	private final StringRedisTemplate redis;

	private final RevocationMirror mirror;

	/** The mirror's: what it follows is what this writes. */
	private final RevocationKeys keys;

	private final TokenLifetimes lifetimes;

	private final Clock clock;

	private final RevocationMetrics metrics;

	private final RevocationAudit audit;

	private final AcknowledgedWrites writes;

	public RevocationStore(StringRedisTemplate redis, RevocationMirror mirror, TokenLifetimes lifetimes, Clock clock) {
		this(redis, mirror, lifetimes, clock, RevocationMetrics.NONE);
	}

	public RevocationStore(StringRedisTemplate redis, RevocationMirror mirror, TokenLifetimes lifetimes, Clock clock,
			RevocationMetrics metrics) {
		this(redis, mirror, lifetimes, clock, metrics, null);
	}

	/**
	 * @param writes how revocations are made durable before they are acknowledged, or
	 * {@code null} to acknowledge them once the primary has them
	 */
	public RevocationStore(StringRedisTemplate redis, RevocationMirror mirror, TokenLifetimes lifetimes, Clock clock,
			RevocationMetrics metrics, AcknowledgedWrites writes) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(metrics, "metrics cannot be null");
		Assert.notNull(mirror, "mirror cannot be null");
		Assert.notNull(lifetimes, "lifetimes cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.redis = redis;
		this.mirror = mirror;
		this.lifetimes = lifetimes;
		this.clock = clock;
		this.metrics = metrics;
		this.keys = mirror.keys();
		this.audit = new RevocationAudit(mirror.instance(), this.keys);
		this.writes = writes;
	}

	/**
	 * Whether the token was revoked: from the mirror while it holds a lease, otherwise
	 * with one {@code MGET}.
	 * @param token a token whose signature and claims were verified
	 * @return {@code true} if the token must be refused
	 * @throws DataAccessException if Redis had to be asked and could not answer; callers
	 * must then refuse the request
	 */
	@Override
	public boolean isRevoked(RevocableToken token) {
		Verdict verdict = this.mirror.verdict(token);
		if (verdict != Verdict.UNKNOWN) {
			boolean revoked = verdict == Verdict.REVOKED;
			this.metrics.checked(Path.COPY, revoked ? Outcome.REVOKED : Outcome.ACCEPTED);
			return revoked;
		}
		boolean revoked;
		try {
			revoked = isRevokedInRedis(this.keys.refusing(token), token);
		}
		catch (DataAccessException ex) {
			this.metrics.checked(Path.REDIS, Outcome.UNAVAILABLE);
			throw ex;
		}
		this.metrics.checked(Path.REDIS, revoked ? Outcome.REVOKED : Outcome.ACCEPTED);
		return revoked;
	}

	/**
	 * The strict check: one {@code MGET} of the keys that can refuse the token. On a
	 * cluster a signing key's entry lives in another slot: Lettuce splits the command by
	 * slot and sends both parts at once.
	 */
	boolean isRevokedInRedis(RevocationKeys.Refusing keys, RevocableToken token) {
		List<String> names = keys.names();
		List<String> values = this.redis.opsForValue().multiGet(names);
		if (values == null || values.size() != names.size()) {
			throw new IllegalStateException("MGET answered " + values);
		}
		String cutoff = values.get(0);
		if (cutoff != null && token.issuedAtMillis() <= Long.parseLong(cutoff)) {
			return true;
		}
		for (int i = 1; i < values.size(); i++) {
			if (values.get(i) != null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a signing key was revoked as compromised: from the mirror while it holds a
	 * lease, otherwise with one {@code EXISTS}. Asked when a token is signed, not when
	 * one is checked.
	 * @throws DataAccessException if Redis had to be asked and could not answer
	 */
	public boolean isSigningKeyRevoked(String kid) {
		Verdict verdict = this.mirror.signingKeyVerdict(kid);
		if (verdict != Verdict.UNKNOWN) {
			return verdict == Verdict.REVOKED;
		}
		return Boolean.TRUE.equals(this.redis.hasKey(this.keys.signingKey(kid)));
	}

	/**
	 * Refuses the token everywhere.
	 * @throws DataAccessException if Redis did not acknowledge the write, or the mirrors
	 * did not confirm it in time (the write stays: a retry is harmless)
	 */
	public void revoke(RevocableToken token) {
		revoke(TOKEN_ONLY, Revocation.of(token), List.of(), List.of());
	}

	/**
	 * Runs a feature's atomic change that revokes tokens (see {@link RevokingScript}),
	 * then returns once every instance refuses them.
	 * @return what the script's body returned
	 * @throws DataAccessException if Redis did not answer, or the mirrors did not confirm
	 * the revocation in time (what the script wrote stays)
	 */
	@SuppressWarnings("unchecked")
	public <T> T revoke(RevokingScript<T> script, Revocation revocation, List<String> keys, List<String> args) {
		long start = System.nanoTime();
		List<String> allKeys = new ArrayList<>(keys);
		RevocableToken token = revocation.token();
		String sessionKey = this.keys.session(revocation.username(), revocation.sessionId());
		// without a token, the session key stands in for it: same hash slot, never
		// written
		allKeys.add((token != null) ? this.keys.token(token.subject(), token.id()) : sessionKey);
		allKeys.add(sessionKey);
		List<String> allArgs = new ArrayList<>(args);
		allArgs.add((token != null)
				? String.valueOf(this.lifetimes.token(token.expiresAt(), this.clock.instant()).toMillis()) : "");
		allArgs.add(String.valueOf(this.lifetimes.sessionAfterLastIssue().toMillis()));
		allArgs.add(this.keys.session(revocation.username(), ""));
		List<?> reply = write(script.script(), ScriptOutputType.MULTI, allKeys, allArgs);
		Assert.state(reply != null && reply.size() == 2, "the revoking script answered " + reply);
		List<?> written = (List<?>) reply.get(1);
		for (int i = 0; i + 1 < written.size(); i += 2) {
			String key = (String) written.get(i);
			this.mirror.record(key, Duration.ofMillis((Long) written.get(i + 1)));
			Kind kind = RevocationKeys.isSession(key) ? Kind.SESSION : Kind.TOKEN;
			this.metrics.written(kind);
			this.audit.written(key, kind);
		}
		if (!written.isEmpty()) {
			awaitMirrors();
			this.metrics.acknowledged(System.nanoTime() - start);
		}
		return (T) reply.get(0);
	}

	/**
	 * Refuses every token of the user issued until now, on any instance: the "log out
	 * everywhere" cutoff. A login after this call returns is unaffected, even within the
	 * same millisecond, because both the cutoff and each token's {@code iat_ms} come from
	 * Redis's clock.
	 * @param username the user
	 * @return the cutoff, in milliseconds on Redis's clock
	 */
	public long revokeAllIssuedUntilNow(String username) {
		return cutOff(username, 0, this.lifetimes.cutoff(), null);
	}

	/**
	 * Refuses every token of a provider's subject issued until now, on any instance. The
	 * cutoff is Redis's clock now, or {@code notBeforeMillis} if that is later: a
	 * provider's clock may run ahead of Redis's, and its tokens name their issue time on
	 * its clock. Tokens carry whole seconds ({@code iat}), so a cutoff in second
	 * {@code t} also refuses the tokens issued later within {@code t}: the safe
	 * direction.
	 * @param subject the subject as keys name it ({@link IssuerNamespace#subject})
	 * @param notBeforeMillis the earliest cutoff, ms on the provider's clock (0: none)
	 * @param ttl how long it lives: past the last token it can refuse
	 * @param source who asked, for the audit line
	 * @return the cutoff, in milliseconds
	 */
	public long revokeAllIssuedUntil(String subject, long notBeforeMillis, Duration ttl, RevocationSource source) {
		Assert.notNull(source, "source cannot be null");
		return cutOff(subject, notBeforeMillis, ttl, source);
	}

	private long cutOff(String subject, long notBeforeMillis, Duration ttl, RevocationSource source) {
		long start = System.nanoTime();
		String key = this.keys.cutoff(subject);
		Long cutoff = write(SET_CUTOFF_TO_NOW, ScriptOutputType.INTEGER, List.of(key),
				List.of(String.valueOf(ttl.toMillis()), String.valueOf(Math.max(0, notBeforeMillis))));
		Assert.state(cutoff != null, "the cutoff script answered nothing");
		this.mirror.recordCutoff(key, cutoff, ttl);
		this.metrics.written(Kind.USER);
		this.audit.cutoff(subject, cutoff, source);
		awaitMirrors();
		this.metrics.acknowledged(System.nanoTime() - start);
		return cutoff;
	}

	/**
	 * Refuses every token of one of a provider's sessions, on any instance: its tokens
	 * are refused by their {@code sid}, whenever they were issued. Writing it again
	 * renews it.
	 * @param owner the owner of the provider's sessions
	 * ({@link IssuerNamespace#sessionOwner})
	 * @param sessionId the provider's {@code sid}
	 * @param ttl how long it lives: past the last token of the session
	 * @param source who asked, for the audit line
	 */
	public void revokeSession(String owner, String sessionId, Duration ttl, RevocationSource source) {
		Assert.hasText(sessionId, "sessionId cannot be empty");
		Assert.notNull(source, "source cannot be null");
		long start = System.nanoTime();
		String key = this.keys.session(owner, sessionId);
		write(SET_FOR, ScriptOutputType.INTEGER, List.of(key), List.of(String.valueOf(ttl.toMillis())));
		this.mirror.record(key, ttl);
		this.metrics.written(Kind.SESSION);
		this.audit.session(owner, sessionId, source);
		awaitMirrors();
		this.metrics.acknowledged(System.nanoTime() - start);
	}

	/**
	 * Refuses every token signed by a compromised key, on every instance and every
	 * resource server sharing this Redis, whatever its claims say: whoever holds the key
	 * can mint any. Writing it again renews it.
	 * @param kid the key's id
	 * @param ttl how long the entry lives: past the last token the key signed and the
	 * last cached copy of its public key
	 */
	public void revokeSigningKey(String kid, Duration ttl) {
		Assert.hasText(kid, "kid cannot be empty");
		long start = System.nanoTime();
		String key = this.keys.signingKey(kid);
		write(SET_FOR, ScriptOutputType.INTEGER, List.of(key), List.of(String.valueOf(ttl.toMillis())));
		this.mirror.record(key, ttl);
		this.metrics.written(Kind.SIGNING_KEY);
		this.audit.signingKey(kid);
		awaitMirrors();
		this.metrics.acknowledged(System.nanoTime() - start);
	}

	/**
	 * Runs a script that writes revocations: through {@link AcknowledgedWrites} when they
	 * must be durable before they are acknowledged, otherwise on the template.
	 */
	private <T> T write(RedisScript<T> script, ScriptOutputType type, List<String> keys, List<String> args) {
		boolean durable = this.writes != null && this.writes.waits();
		return durable ? this.writes.<T>eval(script.getScriptAsString(), type, keys, args)
				: this.redis.execute(script, keys, args.toArray());
	}

	/**
	 * Waits until every registered mirror holds what was written before this call, or has
	 * let its lease run out. Polls the registry (a few round trips: mirrors renew at once
	 * when a revocation is pushed); never longer than the longest lease registered when
	 * it started.
	 */
	private void awaitMirrors() {
		List<?> first = await(0);
		long seq = (Long) first.get(0);
		if ((Long) first.get(1) == 0) {
			return;
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos((Long) first.get(2) + 1);
		// a heartbeat comes back within a few round trips: poll every millisecond at
		// first, then back off towards the lease's end
		for (int poll = 0; System.nanoTime() - deadline < 0; poll++) {
			long pause = (poll < 10) ? 1 : Math.min(16, 1L << Math.min(4, poll - 9));
			sleep(Math.min(pause, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
			if ((Long) await(seq).get(1) == 0) {
				return;
			}
		}
		// every lease that could have missed the write has ended: no copy answers without
		// it
	}

	private List<?> await(long seq) {
		List<?> reply = this.redis.execute(AWAIT, List.of(this.keys.sequence(), this.keys.mirrors(), this.keys.poke()),
				String.valueOf(seq), FORGET_AFTER_MILLIS);
		Assert.state(reply != null && reply.size() == 3, "the lease registry answered " + reply);
		return reply;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DataAccessResourceFailureException("Interrupted while the mirrors confirmed a revocation", ex);
		}
	}

}
