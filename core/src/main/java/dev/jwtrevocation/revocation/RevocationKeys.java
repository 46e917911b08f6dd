package dev.jwtrevocation.revocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.lang.Nullable;
import org.springframework.util.Assert;

/**
 * The names of the revocation keys, the one place that knows them, under a namespace
 * ({@code revocation.key-namespace}, {@code jr} by default) that every key this project
 * writes starts with, the service's own ({@code RedisKeys}) included.
 * <p>
 * Every instance and every resource server that shares a Redis must use the same
 * namespace: one under another never sees the revocations of the first.
 * <p>
 * Everything a request can be refused for lives under {@link #prefix()}, one hash tag per
 * user ({@code {<lower-case username>}}), so that the per-request check reads a user's
 * three keys with a single {@code MGET} and a script that ends a session touches them
 * atomically, on one node or a cluster. The names are terse on purpose: Redis stores a
 * key of up to 44 bytes in a 48-byte allocation, the next size class being 64.
 * <p>
 * A compromised signing key is refused under the tag {@code {!}}, which no username can
 * take either: its key is not one of a user's, so the strict check reads it beside the
 * user's three (on a cluster, from another slot).
 * <p>
 * The mirrors' lease registry lives under the tag {@code {#}}, a character no username
 * may contain. A mirror's heartbeat keys, {@code jr:rh:<instance>:{#}:<n>}, sit outside
 * {@link #prefix()} under a prefix of the mirror's own, which its tracking connection
 * follows beside {@link #prefix()} ({@code CLIENT TRACKING ON BCAST PREFIX jr:r: PREFIX
 * jr:rh:<instance>:}): each mirror receives the revocations, the pokes and its own
 * heartbeats, never the others', so heartbeat pushes grow with the number of mirrors, not
 * with its square.
 * <p>
 * The lease rests on order: when a mirror receives the push of its heartbeat, it must
 * already have received every revocation written before the heartbeat. Redis collects the
 * keys written under each broadcast prefix and sends them once per event-loop cycle, one
 * push per prefix, iterating the prefixes in byte order ({@code tracking.c},
 * {@code trackingBroadcastInvalidationMessages}), on each connection's single output in
 * turn. A revocation written before a heartbeat is therefore sent in an earlier cycle, or
 * in the same cycle under {@code jr:r:}, which sorts before {@code jr:rh:} (':' before
 * 'h'); and within one push the mirror applies every key before it counts a heartbeat.
 * {@code ServerFeedOrderIntegrationTests} checks this order against the Redis it runs on.
 * <table>
 * <caption>Revocation keys (TTLs: {@link TokenLifetimes})</caption>
 * <tr>
 * <th>key</th>
 * <th>refuses</th>
 * </tr>
 * <tr>
 * <td>{@code jr:r:{u}:j:<jti>}</td>
 * <td>that token</td>
 * </tr>
 * <tr>
 * <td>{@code jr:r:{u}:s:<sid>}</td>
 * <td>every token of that session</td>
 * </tr>
 * <tr>
 * <td>{@code jr:r:{u}:cutoff}</td>
 * <td>every token of the user issued at or before the value (ms, Redis clock)</td>
 * </tr>
 * <tr>
 * <td>{@code jr:r:{!}:k:<kid>}</td>
 * <td>every token signed by that key: it is compromised</td>
 * </tr>
 * <tr>
 * <td>{@code jr:r:{!}:cutoff}</td>
 * <td>every token issued at or before the value (ms): an incident's global cutoff</td>
 * </tr>
 * <tr>
 * <td>{@code jr:r:{!c:<client_id>}:cutoff}</td>
 * <td>every token issued to that client at or before the value (ms, Redis clock)</td>
 * </tr>
 * <tr>
 * <td>{@code jr:audit:{a}}</td>
 * <td>nothing: the audit trail, a capped stream ({@link RevocationTrail})</td>
 * </tr>
 * <tr>
 * <td>{@code jr:log:{#}}</td>
 * <td>nothing: the change log, a capped stream of the keys above as they are written
 * ({@link ChangeLog})</td>
 * </tr>
 * <tr>
 * <td>{@code jr:rh:<instance>:{#}:<n>}, {@code jr:r:{#}:poke},
 * {@code jr:r:{#}:confirmed}</td>
 * <td>nothing: a mirror's heartbeat (its TTL: a few seconds); a revoker's call to renew,
 * and the news that every mirror renewed (a minute each)</td>
 * </tr>
 * <tr>
 * <td>{@code jr:rh:<instance>:{#<k>}:<n>}</td>
 * <td>nothing: on a cluster, the same heartbeat on each primary</td>
 * </tr>
 * <tr>
 * <td>{@code jr:lease:{#}:seq}, {@code jr:lease:{#}:mirrors},
 * {@code jr:lease:{#}:waiting}</td>
 * <td>nothing: the revocation sequence, the mirrors' leases, the latest revocation
 * waiting and how many mirrors it waits for</td>
 * </tr>
 * </table>
 */
public final class RevocationKeys {

	/** The namespace unless {@code revocation.key-namespace} says otherwise. */
	public static final String DEFAULT_NAMESPACE = "jr";

	/** What a namespace may be: nothing that could break a key or a hash tag. */
	public static final String NAMESPACE_PATTERN = "[a-z0-9][a-z0-9_-]{0,15}";

	private static final Pattern NAMESPACE = Pattern.compile(NAMESPACE_PATTERN);

	/** The keys under {@link #DEFAULT_NAMESPACE}, for tests and tools. */
	public static final RevocationKeys DEFAULT = new RevocationKeys(DEFAULT_NAMESPACE);

	static final String CUTOFF_SUFFIX = ":cutoff";

	static final String TOKEN_INFIX = "}:j:";

	static final String SESSION_INFIX = "}:s:";

	static final String CUTOFF_INFIX = "}" + CUTOFF_SUFFIX;

	/** The owner of the global cutoff: a tag no username can take. */
	private static final String EVERYONE = "!";

	/** What a client's cutoff is owned by, before the client id. */
	private static final String CLIENT_OWNER = "!c:";

	/** What a client id may be, so that it can name a key and never break a hash tag. */
	public static final String CLIENT_ID_PATTERN = "[A-Za-z0-9._~-]{1,64}";

	private final String namespace;

	private final String prefix;

	/**
	 * The pieces a user's keys are made of: {@code userStart + user + TOKEN_INFIX + jti}.
	 */
	private final String userStart;

	private final String signingKeyPrefix;

	private final String leaseTagPrefix;

	private final String registryTagPrefix;

	private final String poke;

	private final String heartbeatPrefix;

	private final String confirmed;

	private final String waiting;

	private final String sequence;

	private final String mirrors;

	private final String globalCutoff;

	private final String clientCutoffStart;

	private final String trail;

	private final String changeLog;

	/**
	 * @param namespace lower-case letters, digits, {@code -} and {@code _}, at most 16:
	 * {@code jr} names the keys {@code jr:...}
	 */
	public RevocationKeys(String namespace) {
		Assert.isTrue(namespace != null && NAMESPACE.matcher(namespace).matches(),
				"the key namespace must be 1 to 16 lower-case letters, digits, '-' or '_'");
		this.namespace = namespace + ":";
		this.prefix = this.namespace + "r:";
		this.userStart = this.prefix + "{";
		this.signingKeyPrefix = this.prefix + "{!}:k:";
		this.leaseTagPrefix = this.prefix + "{#";
		this.registryTagPrefix = this.prefix + "{#}";
		this.poke = this.registryTagPrefix + ":poke";
		// sorts after prefix() (':' < 'h'): see the class comment
		this.heartbeatPrefix = this.namespace + "rh:";
		this.confirmed = this.registryTagPrefix + ":confirmed";
		this.waiting = this.namespace + "lease:{#}:waiting";
		this.sequence = this.namespace + "lease:{#}:seq";
		this.mirrors = this.namespace + "lease:{#}:mirrors";
		this.globalCutoff = this.userStart + EVERYONE + CUTOFF_INFIX;
		this.clientCutoffStart = this.userStart + CLIENT_OWNER;
		this.trail = this.namespace + "audit:{a}";
		// outside prefix(): appending to it pushes nothing
		this.changeLog = this.namespace + "log:{#}";
	}

	/**
	 * What every key this project writes starts with, the colon included: {@code jr:}.
	 */
	public String namespace() {
		return this.namespace;
	}

	/** What every key whose presence can refuse an access token starts with. */
	public String prefix() {
		return this.prefix;
	}

	public String token(String username, String jti) {
		return this.userStart + lowerCase(username) + TOKEN_INFIX + jti;
	}

	public String session(String username, String sessionId) {
		return this.userStart + lowerCase(username) + SESSION_INFIX + sessionId;
	}

	public String cutoff(String username) {
		return this.userStart + lowerCase(username) + CUTOFF_INFIX;
	}

	/**
	 * The entry that refuses every token signed by a compromised key.
	 * @param kid the key's id, as its tokens' {@code kid} header carries it
	 */
	public String signingKey(String kid) {
		return this.signingKeyPrefix + kid;
	}

	/**
	 * The cutoff that refuses every token issued at or before its value, whoever holds
	 * it: an operator's answer to an incident. One key, whatever the number of tokens.
	 */
	public String globalCutoff() {
		return this.globalCutoff;
	}

	/**
	 * The cutoff that refuses every token issued to one client ({@code client_id}) at or
	 * before its value.
	 * @param clientId a client id matching {@link #CLIENT_ID_PATTERN}
	 */
	public String clientCutoff(String clientId) {
		return this.clientCutoffStart + clientId + CUTOFF_INFIX;
	}

	/** The audit trail of every revocation: a capped stream. */
	public String trail() {
		return this.trail;
	}

	/**
	 * The change log: a capped stream of the names of the revocation keys written, which
	 * a mirror replays after a reconnect ({@link ChangeLog}).
	 */
	public String changeLog() {
		return this.changeLog;
	}

	/**
	 * The keys that can refuse a token. Built together so that the per-request check
	 * lower-cases the username once.
	 */
	public Refusing refusing(RevocableToken token) {
		String kid = token.keyId();
		String id = token.id();
		String sessionId = token.sessionId();
		String clientId = token.clientId();
		return new Refusing((id != null) ? token(token.subject(), id) : null,
				(sessionId != null) ? session(token.sessionOwner(), sessionId) : null, cutoff(token.subject()),
				(kid != null) ? signingKey(kid) : null, this.globalCutoff,
				(clientId != null) ? clientCutoff(clientId) : null);
	}

	/**
	 * The tag every key of the user carries, shared with the application's other keys so
	 * that all of one user's state lives in one Redis Cluster slot.
	 */
	public static String tag(String username) {
		return "{" + lowerCase(username) + "}";
	}

	/**
	 * The user as keys name it: usernames differ in case only across one user, whose keys
	 * share a hash tag. No allocation when it is lower case already.
	 */
	static String lowerCase(String username) {
		return username.toLowerCase(Locale.ROOT);
	}

	/** What a user's keys start with, before the user. */
	String userStart() {
		return this.userStart;
	}

	/** Every lease key: the tag {@code {#}} or, on a cluster, {@code {#<n>}}. */
	String leaseTagPrefix() {
		return this.leaseTagPrefix;
	}

	/** Written by a revoker waiting for mirrors: its push makes them renew at once. */
	String poke() {
		return this.poke;
	}

	/**
	 * Written when every mirror a revocation waited for has confirmed it: its push wakes
	 * the revokers, whose own mirror receives it.
	 */
	String confirmed() {
		return this.confirmed;
	}

	/** The latest revocation waiting for mirrors, and how many it still waits for. */
	String waiting() {
		return this.waiting;
	}

	/** What every mirror's heartbeat starts with. */
	String heartbeatPrefix() {
		return this.heartbeatPrefix;
	}

	/**
	 * What one mirror's heartbeats start with: the prefix its tracking connection follows
	 * beside {@link #prefix()}.
	 */
	String heartbeatPrefix(String instance) {
		return this.heartbeatPrefix + instance + ":";
	}

	/** The revocation sequence. */
	String sequence() {
		return this.sequence;
	}

	/** The mirrors' leases. */
	String mirrors() {
		return this.mirrors;
	}

	String heartbeat(String instance, long number) {
		return heartbeatPrefix(instance) + "{#}:" + number;
	}

	/**
	 * The same heartbeat written under another tag: on a cluster, {@code {#<n>}} with
	 * {@code n} chosen so that the key lives on a given primary.
	 */
	String heartbeatUnder(String tag, String heartbeat) {
		int registryTag = heartbeat.indexOf("{#}");
		return heartbeat.substring(0, registryTag) + "{" + tag + "}" + heartbeat.substring(registryTag + 3);
	}

	/** A key of the lease protocol: a poke, or a heartbeat. */
	boolean isLease(String key) {
		return key.startsWith(this.leaseTagPrefix) || key.startsWith(this.heartbeatPrefix);
	}

	static boolean isSession(String key) {
		return key.contains(SESSION_INFIX);
	}

	static boolean isCutoff(String key) {
		return key.endsWith(CUTOFF_SUFFIX);
	}

	boolean isGlobalCutoff(String key) {
		return key.equals(this.globalCutoff);
	}

	/** The client a client's cutoff names, {@code null} for any other key. */
	String cutoffClient(String key) {
		if (!key.startsWith(this.clientCutoffStart) || !key.endsWith(CUTOFF_INFIX)) {
			return null;
		}
		return key.substring(this.clientCutoffStart.length(), key.length() - CUTOFF_INFIX.length());
	}

	boolean isSigningKey(String key) {
		return key.startsWith(this.signingKeyPrefix);
	}

	/** The {@code kid} a signing key's entry names, {@code null} for any other key. */
	String signingKeyId(String key) {
		return isSigningKey(key) ? key.substring(this.signingKeyPrefix.length()) : null;
	}

	@Override
	public String toString() {
		return "RevocationKeys[" + this.namespace + "]";
	}

	/**
	 * The keys that can refuse one token.
	 *
	 * @param token its {@code jti} key, {@code null} if it has no {@code jti}
	 * @param session its session's key, {@code null} if it names no session
	 * @param cutoff its user's logout-all cutoff
	 * @param signingKey its signing key's entry, {@code null} if it names no key
	 * @param globalCutoff the global cutoff
	 * @param clientCutoff its client's cutoff, {@code null} if it names no client
	 */
	public record Refusing(@Nullable String token, @Nullable String session, String cutoff, @Nullable String signingKey,
			String globalCutoff, @Nullable String clientCutoff) {

		/**
		 * The keys to read: the cutoffs first ({@link #cutoffCount()} of them), then the
		 * others present.
		 */
		List<String> names() {
			List<String> names = new ArrayList<>(6);
			names.add(this.cutoff);
			names.add(this.globalCutoff);
			addIfPresent(names, this.clientCutoff);
			addIfPresent(names, this.token);
			addIfPresent(names, this.session);
			addIfPresent(names, this.signingKey);
			return names;
		}

		/** How many of {@link #names()} are cutoffs, whose value is compared. */
		int cutoffCount() {
			return (this.clientCutoff != null) ? 3 : 2;
		}

		private static void addIfPresent(List<String> names, @Nullable String name) {
			if (name != null) {
				names.add(name);
			}
		}

	}

}
