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
import org.springframework.lang.Nullable;
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

	private static final RedisScript<Long> SET_CUTOFF_AT = LuaScript.load("dev/jwtrevocation/revocation/cutoff-at.lua",
			Long.class);

	private static final RedisScript<Long> DELETE_IF = LuaScript.load("dev/jwtrevocation/revocation/delete-if.lua",
			Long.class);

	/** What the methods without a cause record as one. */
	private static final RevocationCause UNSPECIFIED = RevocationCause.of("unspecified", RevocationCause.SYSTEM);

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

	private final RevocationTrail trail;

	private final ChangeLog changeLog;

	private final String instance;

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
		this(redis, mirror, lifetimes, clock, metrics, writes, new RevocationTrail(redis, mirror.keys(),
				RevocationProperties.Audit.DEFAULT_MAX_ENTRIES, RevocationProperties.Audit.DEFAULT_RETENTION));
	}

	/**
	 * @param writes how revocations are made durable before they are acknowledged, or
	 * {@code null} to acknowledge them once the primary has them
	 * @param trail where every revocation is recorded
	 */
	public RevocationStore(StringRedisTemplate redis, RevocationMirror mirror, TokenLifetimes lifetimes, Clock clock,
			RevocationMetrics metrics, AcknowledgedWrites writes, RevocationTrail trail) {
		this(redis, mirror, lifetimes, clock, metrics, writes, trail,
				ChangeLog.of(mirror.keys(), ChangeLog.DEFAULT_MAX_ENTRIES));
	}

	/**
	 * @param writes how revocations are made durable before they are acknowledged, or
	 * {@code null} to acknowledge them once the primary has them
	 * @param trail where every revocation is recorded
	 * @param changeLog where every key written is logged for mirrors that reconnect
	 * ({@link ChangeLog#off} on a cluster)
	 */
	public RevocationStore(StringRedisTemplate redis, RevocationMirror mirror, TokenLifetimes lifetimes, Clock clock,
			RevocationMetrics metrics, AcknowledgedWrites writes, RevocationTrail trail, ChangeLog changeLog) {
		Assert.notNull(changeLog, "changeLog cannot be null");
		this.changeLog = changeLog;
		Assert.notNull(trail, "trail cannot be null");
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
		this.trail = trail;
		this.instance = mirror.instance();
	}

	/** The audit trail every revocation through this store is recorded in. */
	public RevocationTrail trail() {
		return this.trail;
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
		int cutoffs = keys.cutoffCount();
		for (int i = 0; i < cutoffs; i++) {
			String cutoff = values.get(i);
			if (cutoff != null && token.issuedAtMillis() <= Long.parseLong(cutoff)) {
				return true;
			}
		}
		for (int i = cutoffs; i < values.size(); i++) {
			if (values.get(i) != null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The latest of the global cutoff and the client's, read from Redis: what a refresh
	 * compares its session's start with, so that no refresh token older than an
	 * operator's cutoff yields a new access token.
	 * @param clientId the client whose sessions these are
	 * @return the cutoff, ms; {@code 0} if none is held
	 * @throws DataAccessException if Redis could not answer
	 */
	public long wideCutoff(String clientId) {
		List<String> values = this.redis.opsForValue()
			.multiGet(List.of(this.keys.globalCutoff(), this.keys.clientCutoff(clientId)));
		long cutoff = 0;
		if (values != null) {
			for (String value : values) {
				cutoff = (value != null) ? Math.max(cutoff, Long.parseLong(value)) : cutoff;
			}
		}
		return cutoff;
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
		revoke(token, UNSPECIFIED);
	}

	/**
	 * Refuses the token everywhere, for a cause the audit trail records.
	 * @return the trail's entry
	 * @throws DataAccessException if Redis did not acknowledge the write, or the mirrors
	 * did not confirm it in time (the write stays: a retry is harmless)
	 */
	@Nullable
	public String revoke(RevocableToken token, RevocationCause cause) {
		return revoke(TOKEN_ONLY, Revocation.of(token), List.of(), List.of(), cause).entry();
	}

	/**
	 * Runs a feature's atomic change that revokes tokens (see {@link RevokingScript}),
	 * then returns once every instance refuses them.
	 * @return what the script's body returned
	 * @throws DataAccessException if Redis did not answer, or the mirrors did not confirm
	 * the revocation in time (what the script wrote stays)
	 */
	public <T> T revoke(RevokingScript<T> script, Revocation revocation, List<String> keys, List<String> args) {
		return revoke(script, revocation, keys, args, UNSPECIFIED).value();
	}

	/**
	 * Runs a feature's atomic change that revokes tokens (see {@link RevokingScript}),
	 * then returns once every instance refuses them, and records it for its cause.
	 * @return what the script's body returned, and the trail's entry if it revoked
	 * anything
	 * @throws DataAccessException if Redis did not answer, or the mirrors did not confirm
	 * the revocation in time (what the script wrote stays)
	 */
	@SuppressWarnings("unchecked")
	public <T> Receipt<T> revoke(RevokingScript<T> script, Revocation revocation, List<String> keys, List<String> args,
			RevocationCause cause) {
		Assert.notNull(cause, "cause cannot be null");
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
		List<TrailEntry.Written> trailKeys = new ArrayList<>();
		for (int i = 0; i + 1 < written.size(); i += 2) {
			String key = (String) written.get(i);
			this.mirror.record(key, Duration.ofMillis((Long) written.get(i + 1)));
			Kind kind = RevocationKeys.isSession(key) ? Kind.SESSION : Kind.TOKEN;
			this.metrics.written(kind);
			this.audit.written(key, kind, cause);
			trailKeys.add(new TrailEntry.Written(key, ""));
		}
		if (written.isEmpty()) {
			return new Receipt<>((T) reply.get(0), null);
		}
		awaitMirrors();
		long elapsed = System.nanoTime() - start;
		this.metrics.acknowledged(elapsed);
		String user = RevocationKeys.lowerCase(revocation.username());
		String session = sessionOf(trailKeys, revocation.sessionId());
		if (token == null) {
			return new Receipt<>((T) reply.get(0),
					record(cause, new RevocationCause.Selector("session", session, user, null), trailKeys, elapsed));
		}
		// a token's entry names its session too: a Shared Signals receiver cannot name a
		// token
		return new Receipt<>((T) reply.get(0), record(cause,
				new RevocationCause.Selector("token", token.id(), user, null), trailKeys, elapsed, session));
	}

	/** The session a script ended: the one it names, unless it ended another. */
	private static String sessionOf(List<TrailEntry.Written> written, String named) {
		for (TrailEntry.Written key : written) {
			int infix = key.key().lastIndexOf(RevocationKeys.SESSION_INFIX);
			if (infix >= 0) {
				return key.key().substring(infix + RevocationKeys.SESSION_INFIX.length());
			}
		}
		return named;
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
		return revokeAllIssuedUntilNow(username, UNSPECIFIED).value();
	}

	/**
	 * {@link #revokeAllIssuedUntilNow(String)}, recorded for its cause.
	 * @return the cutoff, in milliseconds on Redis's clock, and the trail's entry
	 */
	public Receipt<Long> revokeAllIssuedUntilNow(String username, RevocationCause cause) {
		return cutOff(this.keys.cutoff(username), 0, this.lifetimes.cutoff(), cause,
				new RevocationCause.Selector("user", username, RevocationKeys.lowerCase(username), null));
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
		return revokeAllIssuedUntil(subject, notBeforeMillis, ttl,
				RevocationCause.ofProvider(source.provider(), source.channel(), source.reason()))
			.value();
	}

	/**
	 * {@link #revokeAllIssuedUntil(String, long, Duration, RevocationSource)}, recorded
	 * for its cause.
	 */
	public Receipt<Long> revokeAllIssuedUntil(String subject, long notBeforeMillis, Duration ttl,
			RevocationCause cause) {
		return cutOff(this.keys.cutoff(subject), notBeforeMillis, ttl, cause,
				new RevocationCause.Selector("user", subject, RevocationKeys.lowerCase(subject), null));
	}

	/**
	 * Refuses every token issued at or before an instant, whoever's: an incident's global
	 * cutoff. One key, whatever the number of tokens; it only moves forward.
	 * @param cutoffMillis the instant, ms (on Redis's clock for this service's tokens)
	 * @return the cutoff held, which may be later, and the trail's entry
	 */
	public Receipt<Long> revokeAllIssuedBefore(long cutoffMillis, RevocationCause cause) {
		Assert.isTrue(cutoffMillis > 0, "cutoffMillis must be positive");
		return cutOffAt(this.keys.globalCutoff(), cutoffMillis, cause,
				new RevocationCause.Selector("before", String.valueOf(cutoffMillis), null, null));
	}

	/**
	 * Refuses every token issued to a client ({@code client_id}) until now, on Redis's
	 * clock.
	 * @param clientId a client id matching {@link RevocationKeys#CLIENT_ID_PATTERN}
	 * @return the cutoff, ms, and the trail's entry
	 */
	public Receipt<Long> revokeClient(String clientId, RevocationCause cause) {
		Assert.isTrue(clientId != null && clientId.matches(RevocationKeys.CLIENT_ID_PATTERN), "not a client id");
		return cutOffAt(this.keys.clientCutoff(clientId), 0, cause,
				new RevocationCause.Selector("client", clientId, null, null));
	}

	private Receipt<Long> cutOff(String key, long notBeforeMillis, Duration ttl, RevocationCause cause,
			RevocationCause.Selector selector) {
		Assert.notNull(cause, "cause cannot be null");
		long start = System.nanoTime();
		Long cutoff = write(SET_CUTOFF_TO_NOW, ScriptOutputType.INTEGER, List.of(key),
				List.of(String.valueOf(ttl.toMillis()), String.valueOf(Math.max(0, notBeforeMillis))));
		Assert.state(cutoff != null, "the cutoff script answered nothing");
		return cutoffWritten(key, cutoff, ttl, cause, selector, start);
	}

	private Receipt<Long> cutOffAt(String key, long cutoffMillis, RevocationCause cause,
			RevocationCause.Selector selector) {
		Assert.notNull(cause, "cause cannot be null");
		long start = System.nanoTime();
		Duration ttl = this.lifetimes.cutoff();
		Long cutoff = write(SET_CUTOFF_AT, ScriptOutputType.INTEGER, List.of(key),
				List.of(String.valueOf(ttl.toMillis()), String.valueOf(cutoffMillis)));
		Assert.state(cutoff != null, "the cutoff script answered nothing");
		return cutoffWritten(key, cutoff, ttl, cause, selector, start);
	}

	private Receipt<Long> cutoffWritten(String key, long cutoff, Duration ttl, RevocationCause cause,
			RevocationCause.Selector selector, long start) {
		this.mirror.recordCutoff(key, cutoff, ttl);
		this.metrics.written(Kind.USER);
		this.audit.cutoff(selector, cutoff, cause);
		awaitMirrors();
		long elapsed = System.nanoTime() - start;
		this.metrics.acknowledged(elapsed);
		String entry = record(cause, selector, List.of(new TrailEntry.Written(key, String.valueOf(cutoff))), elapsed);
		return new Receipt<>(cutoff, entry);
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
		Assert.notNull(source, "source cannot be null");
		revokeSession(owner, sessionId, ttl,
				RevocationCause.ofProvider(source.provider(), source.channel(), source.reason()));
	}

	/**
	 * {@link #revokeSession(String, String, Duration, RevocationSource)}, recorded for
	 * its cause.
	 * @return the trail's entry
	 */
	@Nullable
	public String revokeSession(String owner, String sessionId, Duration ttl, RevocationCause cause) {
		Assert.hasText(sessionId, "sessionId cannot be empty");
		Assert.notNull(cause, "cause cannot be null");
		RevocationCause.Selector selector = new RevocationCause.Selector("session", sessionId,
				RevocationKeys.lowerCase(owner), null);
		return revokeKey(this.keys.session(owner, sessionId), ttl, Kind.SESSION, cause, selector);
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
		revokeSigningKey(kid, ttl, RevocationCause.of(RevocationCause.COMPROMISED_KEY, RevocationCause.SYSTEM));
	}

	/**
	 * {@link #revokeSigningKey(String, Duration)}, recorded for its cause.
	 * @return the trail's entry
	 */
	@Nullable
	public String revokeSigningKey(String kid, Duration ttl, RevocationCause cause) {
		Assert.hasText(kid, "kid cannot be empty");
		Assert.notNull(cause, "cause cannot be null");
		return revokeKey(this.keys.signingKey(kid), ttl, Kind.SIGNING_KEY, cause,
				new RevocationCause.Selector("key", kid, null, null));
	}

	private String revokeKey(String key, Duration ttl, Kind kind, RevocationCause cause,
			RevocationCause.Selector selector) {
		long start = System.nanoTime();
		write(SET_FOR, ScriptOutputType.INTEGER, List.of(key), List.of(String.valueOf(ttl.toMillis())));
		this.mirror.record(key, ttl);
		this.metrics.written(kind);
		this.audit.key(kind, selector, cause);
		awaitMirrors();
		long elapsed = System.nanoTime() - start;
		this.metrics.acknowledged(elapsed);
		return record(cause, selector, List.of(new TrailEntry.Written(key, "")), elapsed);
	}

	/**
	 * Lifts what an earlier revocation wrote, and returns once no mirror holds it any
	 * more: each key is deleted if it still holds what was written (a cutoff moved
	 * further since stays). The lift is recorded, and the entry marked lifted.
	 * @param entry the revocation's entry in the trail
	 * @param cause who lifts it, and why
	 * @return the lift's entry, or {@code null} if the entry was lifted already
	 */
	@Nullable
	public String lift(TrailEntry entry, RevocationCause cause) {
		Assert.notNull(entry, "entry cannot be null");
		Assert.notNull(cause, "cause cannot be null");
		long start = System.nanoTime();
		if (!this.trail.markLifted(entry.id(), "pending")) {
			return null;
		}
		try {
			for (TrailEntry.Written written : entry.keys()) {
				write(DELETE_IF, ScriptOutputType.INTEGER, List.of(written.key()), List.of(written.value()));
			}
			awaitMirrors();
		}
		catch (RuntimeException ex) {
			this.trail.unmarkLifted(entry.id());
			throw ex;
		}
		long elapsed = System.nanoTime() - start;
		RevocationCause.Selector selector = new RevocationCause.Selector(entry.kind(), entry.value(), entry.user(),
				entry.issuer());
		this.audit.lifted(entry.id(), selector, cause);
		String lift = this.trail.append(new TrailEntry("0-0", RevocationCause.LIFT, cause.actor(), entry.kind(),
				entry.value(), entry.user(), entry.issuer(), cause.reason(), -1, elapsed / 1_000, this.instance,
				entry.id(), List.of(), null, null));
		this.trail.completeLift(entry.id(), lift);
		return lift;
	}

	/**
	 * Records a revocation that found nothing to write (a session already ended): the
	 * trail still shows that it was asked for.
	 * @param cause who asked, with the selector
	 * @return the trail's entry, or {@code null} if the trail could not take it
	 */
	@Nullable
	public String recordUnchanged(RevocationCause cause) {
		Assert.isTrue(cause != null && cause.selector() != null, "cause must name its selector");
		return record(cause, cause.selector(), List.of(), 0);
	}

	/**
	 * Records a revocation in the trail. Best effort: the revocation stands whether or
	 * not the trail takes it, and its audit line is already written.
	 */
	@Nullable
	private String record(RevocationCause cause, RevocationCause.Selector derived, List<TrailEntry.Written> keys,
			long elapsedNanos) {
		return record(cause, derived, keys, elapsedNanos, null);
	}

	@Nullable
	private String record(RevocationCause cause, RevocationCause.Selector derived, List<TrailEntry.Written> keys,
			long elapsedNanos, @Nullable String session) {
		RevocationCause.Selector selector = (cause.selector() != null) ? cause.selector() : derived;
		TrailEntry entry = new TrailEntry("0-0", cause.action(), cause.actor(), selector.kind(), selector.value(),
				selector.user(), selector.issuer(), cause.reason(), cause.affected(), elapsedNanos / 1_000,
				this.instance, null, keys, null, (cause.selector() == null) ? session : null);
		try {
			return this.trail.append(entry);
		}
		catch (DataAccessException ex) {
			this.metrics.trailFailed();
			return null;
		}
	}

	/**
	 * Runs a script that writes revocations, with the change log's key and argument last:
	 * through {@link AcknowledgedWrites} when they must be durable before they are
	 * acknowledged, otherwise on the template.
	 */
	private <T> T write(RedisScript<T> script, ScriptOutputType type, List<String> keys, List<String> args) {
		List<String> allKeys = this.changeLog.keys(keys);
		List<String> allArgs = this.changeLog.args(args);
		boolean durable = this.writes != null && this.writes.waits();
		return durable ? this.writes.<T>eval(script.getScriptAsString(), type, allKeys, allArgs)
				: this.redis.execute(script, allKeys, allArgs.toArray());
	}

	/**
	 * Waits until every registered mirror holds what was written before this call, or has
	 * let its lease run out; never longer than the longest lease registered when it
	 * started. The last mirror to confirm writes a key whose push wakes this instance's
	 * mirror, and so this thread ({@link RevocationMirror#awaitConfirmation}); the
	 * registry is then read once to be sure. Polling remains the fallback, for an
	 * instance without a mirror of its own and for a mirror that dies before confirming.
	 */
	private void awaitMirrors() {
		long generation = this.mirror.confirmations();
		List<?> first = await(0);
		long seq = (Long) first.get(0);
		if ((Long) first.get(1) == 0) {
			return;
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos((Long) first.get(2) + 1);
		for (int poll = 0; System.nanoTime() - deadline < 0; poll++) {
			long pause = fallbackPause(poll, this.mirror.receivesConfirmations());
			long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
			generation = awaitConfirmation(generation, Math.min(pause, left));
			if ((Long) await(seq).get(1) == 0) {
				return;
			}
		}
		// every lease that could have missed the write has ended: no copy answers without
		// it
	}

	/**
	 * How long to wait before reading the registry again: 2, 4, 8, then 16 ms when this
	 * instance's mirror will be woken by the confirmation's push; without one, every
	 * millisecond 10 times, then backing off to 16 ms.
	 */
	static long fallbackPause(int poll, boolean woken) {
		if (woken) {
			return Math.min(16, 2L << Math.min(3, poll));
		}
		return (poll < 10) ? 1 : Math.min(16, 1L << Math.min(4, poll - 9));
	}

	private long awaitConfirmation(long generation, long millis) {
		try {
			return this.mirror.awaitConfirmation(generation, millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DataAccessResourceFailureException("Interrupted while the mirrors confirmed a revocation", ex);
		}
	}

	private List<?> await(long seq) {
		List<?> reply = this.redis.execute(AWAIT,
				List.of(this.keys.sequence(), this.keys.mirrors(), this.keys.poke(), this.keys.waiting()),
				String.valueOf(seq), FORGET_AFTER_MILLIS);
		Assert.state(reply != null && reply.size() == 3, "the lease registry answered " + reply);
		return reply;
	}

}
