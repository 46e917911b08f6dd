package dev.jwtrevocation.revocation;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.util.Assert;

/**
 * The mirror's copy of the live revocation keys: what Redis holds under
 * {@link RevocationKeys#prefix()}, each key with the moment it expires.
 * <p>
 * Pure state, no I/O. Keys enter it from four sources, all of which must agree with what
 * a {@code MGET} in Redis would answer for any token that can still be accepted:
 * <ul>
 * <li>every re-read after a push, and a replay: {@link #apply} with the key's real
 * {@code PTTL} ({@code -1}: until deleted; {@code -2}: gone, which also removes it);</li>
 * <li>a load, which finds a token or session key by its presence alone
 * ({@link #loadPresent}): it is held for the longest life such a key has, since it
 * outlives every token it refuses, or until its expiry is pushed;</li>
 * <li>a push not yet re-read: {@link #suspect}, which refuses conservatively (a token or
 * session key counts as present, a cutoff as unknown) until the re-read lands;</li>
 * <li>a write of this instance, acknowledged by Redis: {@link #record}.</li>
 * </ul>
 * A push also arrives when a key expires or is deleted; the re-read then removes it, so
 * while the connection lives the copy never holds more than Redis does for longer than a
 * round trip (an expiry missed while it was down only keeps a key whose tokens have all
 * expired, until its longest life ends).
 * <p>
 * Keys are held by fingerprint ({@link KeyFingerprint}) in primitive tables
 * ({@link RevocationTable}), and a token is checked from its claims without building its
 * key strings.
 */
final class RevocationSnapshot {

	private static final String NONE = "";

	/** The global cutoff's place among the wide ones: no client id is empty. */
	private static final String EVERYONE = "";

	private final KeyFingerprint fingerprint;

	/** Token and session keys: the moment each expires, on this instance's clock. */
	private final RevocationTable keys = new RevocationTable(false);

	/** Cutoff keys: the moment each expires, and the last issue time it refuses. */
	private final RevocationTable cutoffs = new RevocationTable(true);

	/**
	 * Compromised signing keys by {@code kid}: the moment each entry expires. A handful
	 * at most, so a map of the ids themselves; empty, it costs a request one check.
	 */
	private final Map<String, Long> signingKeys = new ConcurrentHashMap<>();

	/**
	 * Cutoffs that are nobody's in particular: the global one under {@code ""}, each
	 * client's under its id. Rarely more than none; empty, they cost a request one check.
	 */
	private final Map<String, WideCutoff> wideCutoffs = new ConcurrentHashMap<>();

	/** Cutoff keys pushed and not yet re-read, with how many re-reads are pending. */
	private final Map<String, Integer> unsettledCutoffs = new ConcurrentHashMap<>();

	/**
	 * The keys pushed since a bulk read (a load or a replay) began, {@code null} outside
	 * one: the bulk read's answer for such a key may be older than the re-read the push
	 * caused, so it is not applied. Guarded by itself.
	 */
	private volatile Set<String> pushedDuringBulk;

	private final Clock clock;

	/** How long a key found by its presence alone is held. */
	private final long longestLifeMillis;

	/** The names of the keys it copies. */
	private final RevocationKeys names;

	/** {@link RevocationKeys#userStart()}, read on every check. */
	private final String userStart;

	RevocationSnapshot(RevocationKeys names, Clock clock) {
		this(names, clock, TokenLifetimes.DEFAULT.longestRevocation());
	}

	/**
	 * @param longestLife the longest a token or session key lives
	 * ({@link TokenLifetimes#longestRevocation()}): how long one found by its presence
	 * alone is held
	 */
	RevocationSnapshot(RevocationKeys names, Clock clock, Duration longestLife) {
		this(names, clock, new KeyFingerprint(new SecureRandom()), longestLife);
	}

	RevocationSnapshot(RevocationKeys names, Clock clock, KeyFingerprint fingerprint) {
		this(names, clock, fingerprint, TokenLifetimes.DEFAULT.longestRevocation());
	}

	RevocationSnapshot(RevocationKeys names, Clock clock, KeyFingerprint fingerprint, Duration longestLife) {
		Assert.notNull(longestLife, "longestLife cannot be null");
		this.longestLifeMillis = longestLife.toMillis();
		Assert.notNull(names, "names cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		Assert.notNull(fingerprint, "fingerprint cannot be null");
		this.names = names;
		this.userStart = names.userStart();
		this.clock = clock;
		this.fingerprint = fingerprint;
	}

	/** The names of the keys it copies. */
	RevocationKeys names() {
		return this.names;
	}

	/**
	 * What the copy says of a token; {@link Verdict#UNKNOWN} only while its user's cutoff
	 * is being re-read.
	 */
	Verdict verdict(RevocableToken token) {
		String user = RevocationKeys.lowerCase(token.subject());
		if (!this.unsettledCutoffs.isEmpty() && isUnsettled(token)) {
			return Verdict.UNKNOWN;
		}
		long now = this.clock.millis();
		if (!this.signingKeys.isEmpty() && isCompromised(token.keyId(), now)) {
			return Verdict.REVOKED;
		}
		if (!this.wideCutoffs.isEmpty() && isCutOffWidely(token, now)) {
			return Verdict.REVOKED;
		}
		KeyFingerprint hash = this.fingerprint;
		String id = token.id();
		if (id != null && this.keys.isLive(hash.first(this.userStart, user, RevocationKeys.TOKEN_INFIX, id),
				hash.second(this.userStart, user, RevocationKeys.TOKEN_INFIX, id), now)) {
			return Verdict.REVOKED;
		}
		String sessionId = token.sessionId();
		String owner = sessionOwner(token, user);
		if (sessionId != null
				&& this.keys.isLive(hash.first(this.userStart, owner, RevocationKeys.SESSION_INFIX, sessionId),
						hash.second(this.userStart, owner, RevocationKeys.SESSION_INFIX, sessionId), now)) {
			return Verdict.REVOKED;
		}
		boolean cutOff = this.cutoffs.cutsOff(hash.first(this.userStart, user, RevocationKeys.CUTOFF_INFIX, NONE),
				hash.second(this.userStart, user, RevocationKeys.CUTOFF_INFIX, NONE), now, token.issuedAtMillis());
		return cutOff ? Verdict.REVOKED : Verdict.NOT_REVOKED;
	}

	private boolean isUnsettled(RevocableToken token) {
		String clientId = token.clientId();
		return this.unsettledCutoffs.containsKey(this.names.cutoff(token.subject()))
				|| this.unsettledCutoffs.containsKey(this.names.globalCutoff())
				|| (clientId != null && this.unsettledCutoffs.containsKey(this.names.clientCutoff(clientId)));
	}

	private boolean isCutOffWidely(RevocableToken token, long now) {
		WideCutoff global = this.wideCutoffs.get(EVERYONE);
		if (global != null && global.cutsOff(token.issuedAtMillis(), now)) {
			return true;
		}
		String clientId = token.clientId();
		WideCutoff client = (clientId != null) ? this.wideCutoffs.get(clientId) : null;
		return client != null && client.cutsOff(token.issuedAtMillis(), now);
	}

	/**
	 * The owner of the token's session key, as keys name it: its user, lower-cased once
	 * already, unless a provider's namespace owns its sessions.
	 */
	private static String sessionOwner(RevocableToken token, String user) {
		String owner = token.sessionOwner();
		return (owner == token.subject()) ? user : RevocationKeys.lowerCase(owner);
	}

	/** Whether the copy holds a live revocation of the signing key. */
	boolean isSigningKeyRevoked(String kid) {
		return isCompromised(kid, this.clock.millis());
	}

	private boolean isCompromised(String kid, long now) {
		if (kid == null) {
			return false;
		}
		Long until = this.signingKeys.get(kid);
		return until != null && until >= now;
	}

	/**
	 * A key changed in Redis and is being re-read: until then, refuse as if it were
	 * there.
	 */
	void suspect(String key) {
		Set<String> pushed = this.pushedDuringBulk;
		if (pushed != null) {
			synchronized (pushed) {
				pushed.add(key);
				suspectNow(key);
			}
			return;
		}
		suspectNow(key);
	}

	private void suspectNow(String key) {
		if (RevocationKeys.isCutoff(key)) {
			this.unsettledCutoffs.merge(key, 1, Integer::sum);
		}
		else {
			putKey(key, RevocationTable.FOREVER);
		}
	}

	/**
	 * What Redis answered for a token, session or signing key.
	 * @param ttlMillis its {@code PTTL}
	 */
	void apply(String key, long ttlMillis) {
		if (ttlMillis == -2) {
			removeKey(key);
		}
		else {
			putKey(key, expiresAt(ttlMillis));
		}
	}

	/**
	 * What Redis answered for a cutoff key.
	 * @param value its value, {@code null} if it is gone
	 * @param ttlMillis its {@code PTTL}
	 * @param settles whether this answers a {@link #suspect} (rather than the snapshot)
	 */
	void applyCutoff(String key, String value, long ttlMillis, boolean settles) {
		String wide = wideOwner(key);
		if (wide != null) {
			if (value == null || ttlMillis == -2) {
				this.wideCutoffs.remove(wide);
			}
			else {
				this.wideCutoffs.put(wide, new WideCutoff(Long.parseLong(value), expiresAt(ttlMillis)));
			}
			settle(key, settles);
			return;
		}
		long first = this.fingerprint.first(key);
		long second = this.fingerprint.second(key);
		if (value == null || ttlMillis == -2) {
			this.cutoffs.remove(first, second);
		}
		else {
			this.cutoffs.put(first, second, expiresAt(ttlMillis), Long.parseLong(value));
		}
		settle(key, settles);
	}

	private void settle(String key, boolean settles) {
		if (settles) {
			this.unsettledCutoffs.computeIfPresent(key, (name, count) -> (count > 1) ? count - 1 : null);
		}
	}

	/**
	 * Whose cutoff a wide cutoff key is: {@code ""} for the global one, the client id for
	 * a client's; {@code null} for a user's.
	 */
	private String wideOwner(String key) {
		return this.names.isGlobalCutoff(key) ? EVERYONE : this.names.cutoffClient(key);
	}

	/** A token, session or signing key this instance has just written to Redis. */
	void record(String key, Duration ttl) {
		putKey(key, this.clock.millis() + ttl.toMillis());
	}

	/** A cutoff this instance has just written to Redis. */
	void recordCutoff(String key, long value, Duration ttl) {
		String wide = wideOwner(key);
		if (wide != null) {
			WideCutoff written = new WideCutoff(value, this.clock.millis() + ttl.toMillis());
			this.wideCutoffs.merge(wide, written, (held, next) -> (held.value() > next.value()) ? held : next);
			return;
		}
		this.cutoffs.putLaterCutoff(this.fingerprint.first(key), this.fingerprint.second(key),
				this.clock.millis() + ttl.toMillis(), value);
	}

	/**
	 * A bulk read (a load or a replay) begins: its answers arrive on another thread than
	 * the pushes' re-reads, so until {@link #endBulk} a key pushed meanwhile keeps what
	 * its re-read says ({@link #load}, {@link #loadCutoff}).
	 */
	void beginBulk() {
		this.pushedDuringBulk = new HashSet<>();
	}

	void endBulk() {
		this.pushedDuringBulk = null;
	}

	/**
	 * What a bulk read answered for a token, session or signing key: applied as
	 * {@link #apply} does, unless the key was pushed since the bulk read began.
	 */
	void load(String key, long ttlMillis) {
		unlessPushed(key, () -> apply(key, ttlMillis));
	}

	/**
	 * A token or session key a load found, by its presence alone: held for the longest
	 * life such a key can have, or until its expiry or deletion is pushed; applied unless
	 * the key was pushed since the bulk read began.
	 */
	void loadPresent(String key) {
		load(key, this.longestLifeMillis);
	}

	/**
	 * What a bulk read answered for a cutoff key: applied as {@link #applyCutoff} does,
	 * unless the key was pushed since the bulk read began.
	 * @param value its value, {@code null} if it is gone
	 */
	void loadCutoff(String key, String value, long ttlMillis) {
		unlessPushed(key, () -> applyCutoff(key, value, ttlMillis, false));
	}

	/**
	 * Applies a bulk read's answer, unless the key was pushed since the bulk read began:
	 * under the same lock {@link #suspect} takes to record a push, so that a push either
	 * comes first (and its re-read wins) or after (and its re-read follows).
	 */
	private void unlessPushed(String key, Runnable apply) {
		Set<String> pushed = this.pushedDuringBulk;
		if (pushed == null) {
			apply.run();
			return;
		}
		synchronized (pushed) {
			if (!pushed.contains(key)) {
				apply.run();
			}
		}
	}

	/**
	 * Forgets which cutoffs wait for a re-read, when the connection those re-reads were
	 * on is gone: the keys are read again ({@link RevocationFeed#replay}) before the copy
	 * answers.
	 */
	void forgetUnsettled() {
		this.unsettledCutoffs.clear();
	}

	/**
	 * Forgets everything, before a new snapshot is loaded: what was pushed so far is in
	 * the snapshot too.
	 */
	void clear() {
		Set<String> pushed = this.pushedDuringBulk;
		if (pushed != null) {
			synchronized (pushed) {
				pushed.clear();
				clearNow();
			}
			return;
		}
		clearNow();
	}

	private void clearNow() {
		this.keys.clear();
		this.cutoffs.clear();
		this.signingKeys.clear();
		this.wideCutoffs.clear();
		this.unsettledCutoffs.clear();
	}

	/** Drops what has expired; the lookups already ignore it. */
	void sweep() {
		long now = this.clock.millis();
		this.keys.sweep(now);
		this.cutoffs.sweep(now);
		this.signingKeys.values().removeIf((until) -> until < now);
		this.wideCutoffs.values().removeIf((cutoff) -> cutoff.until() < now);
	}

	/** How many revocations the copy holds, expired ones not yet swept included. */
	int size() {
		return this.keys.size() + this.cutoffs.size() + this.signingKeys.size() + this.wideCutoffs.size();
	}

	/** Heap bytes the copy's tables take. */
	long heapBytes() {
		return this.keys.slotBytes() + this.cutoffs.slotBytes();
	}

	/** A token or session key into the table, a signing key's entry into its map. */
	private void putKey(String key, long until) {
		String kid = this.names.signingKeyId(key);
		if (kid != null) {
			this.signingKeys.put(kid, until);
		}
		else {
			this.keys.put(this.fingerprint.first(key), this.fingerprint.second(key), until, 0);
		}
	}

	private void removeKey(String key) {
		String kid = this.names.signingKeyId(key);
		if (kid != null) {
			this.signingKeys.remove(kid);
		}
		else {
			this.keys.remove(this.fingerprint.first(key), this.fingerprint.second(key));
		}
	}

	private long expiresAt(long ttlMillis) {
		return (ttlMillis < 0) ? RevocationTable.FOREVER : this.clock.millis() + ttlMillis;
	}

	/**
	 * A cutoff held for everyone or for a client.
	 *
	 * @param value the last issue time it refuses, ms
	 * @param until when it expires, on this instance's clock
	 */
	private record WideCutoff(long value, long until) {

		boolean cutsOff(long issuedAtMillis, long now) {
			return issuedAtMillis <= this.value && this.until >= now;
		}

	}

}
