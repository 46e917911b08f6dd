package dev.jwtrevocation.revocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.lang.Nullable;

/**
 * The names of the revocation keys, the one place that knows them.
 * <p>
 * Everything a request can be refused for lives under {@link #PREFIX}, one hash tag per
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
 * may contain: its heartbeat keys sit under {@link #PREFIX} so that they travel through
 * the same invalidation stream as the revocations they vouch for.
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
 * <td>{@code jr:r:{#}:hb:<instance>:<n>}, {@code jr:r:{#}:poke}</td>
 * <td>nothing: a mirror's heartbeat; a revoker's call to renew</td>
 * </tr>
 * <tr>
 * <td>{@code jr:r:{#<k>}:hb:<instance>:<n>}</td>
 * <td>nothing: on a cluster, the same heartbeat on each primary</td>
 * </tr>
 * <tr>
 * <td>{@code jr:lease:{#}:seq}, {@code jr:lease:{#}:mirrors}</td>
 * <td>nothing: the revocation sequence and the mirrors' leases</td>
 * </tr>
 * </table>
 */
public final class RevocationKeys {

	/**
	 * The namespace of every key this project writes, the revocation core's and the
	 * service's alike ({@code RedisKeys}): the one place it is spelled.
	 */
	public static final String NAMESPACE = "jr:";

	/** Prefix of every key whose presence can refuse an access token. */
	public static final String PREFIX = NAMESPACE + "r:";

	static final String CUTOFF_SUFFIX = ":cutoff";

	/**
	 * The pieces a user's keys are made of,
	 * {@code USER_START + user + TOKEN_INFIX + jti}.
	 */
	static final String USER_START = PREFIX + "{";

	static final String TOKEN_INFIX = "}:j:";

	static final String SESSION_INFIX = "}:s:";

	static final String CUTOFF_INFIX = "}" + CUTOFF_SUFFIX;

	/** Every compromised signing key's entry: {@code SIGNING_KEY_PREFIX + kid}. */
	static final String SIGNING_KEY_PREFIX = PREFIX + "{!}:k:";

	/**
	 * Every lease key under {@link #PREFIX}: the tag {@code {#}} or, on a cluster,
	 * {@code {#<n>}}.
	 */
	static final String LEASE_TAG_PREFIX = PREFIX + "{#";

	private static final String REGISTRY_TAG_PREFIX = PREFIX + "{#}";

	/** Written by a revoker waiting for mirrors: its push makes them renew at once. */
	static final String POKE = REGISTRY_TAG_PREFIX + ":poke";

	/** Every mirror's heartbeat written next to the lease registry. */
	static final String HEARTBEAT_PREFIX = REGISTRY_TAG_PREFIX + ":hb:";

	static final String SEQUENCE = NAMESPACE + "lease:{#}:seq";

	static final String MIRRORS = NAMESPACE + "lease:{#}:mirrors";

	private RevocationKeys() {
	}

	public static String token(String username, String jti) {
		return USER_START + lowerCase(username) + TOKEN_INFIX + jti;
	}

	public static String session(String username, String sessionId) {
		return USER_START + lowerCase(username) + SESSION_INFIX + sessionId;
	}

	public static String cutoff(String username) {
		return USER_START + lowerCase(username) + CUTOFF_INFIX;
	}

	/**
	 * The entry that refuses every token signed by a compromised key.
	 * @param kid the key's id, as its tokens' {@code kid} header carries it
	 */
	public static String signingKey(String kid) {
		return SIGNING_KEY_PREFIX + kid;
	}

	/**
	 * The keys that can refuse a token. Built together so that the per-request check
	 * lower-cases the username once.
	 */
	public static Refusing refusing(RevocableToken token) {
		String kid = token.keyId();
		String id = token.id();
		String sessionId = token.sessionId();
		return new Refusing((id != null) ? token(token.subject(), id) : null,
				(sessionId != null) ? session(token.sessionOwner(), sessionId) : null, cutoff(token.subject()),
				(kid != null) ? signingKey(kid) : null);
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

	static String heartbeat(String instance, long number) {
		return HEARTBEAT_PREFIX + instance + ":" + number;
	}

	/**
	 * The same heartbeat written under another tag: on a cluster, {@code {#<n>}} with
	 * {@code n} chosen so that the key lives on a given primary.
	 */
	static String heartbeatUnder(String tag, String heartbeat) {
		return PREFIX + "{" + tag + "}" + heartbeat.substring(REGISTRY_TAG_PREFIX.length());
	}

	static boolean isLease(String key) {
		return key.startsWith(LEASE_TAG_PREFIX);
	}

	static boolean isSession(String key) {
		return key.contains(SESSION_INFIX);
	}

	static boolean isCutoff(String key) {
		return key.endsWith(CUTOFF_SUFFIX);
	}

	static boolean isSigningKey(String key) {
		return key.startsWith(SIGNING_KEY_PREFIX);
	}

	/** The {@code kid} a signing key's entry names, {@code null} for any other key. */
	static String signingKeyId(String key) {
		return isSigningKey(key) ? key.substring(SIGNING_KEY_PREFIX.length()) : null;
	}

	/**
	 * The keys that can refuse one token.
	 *
	 * @param token its {@code jti} key, {@code null} if it has no {@code jti}
	 * @param session its session's key, {@code null} if it names no session
	 * @param cutoff its user's logout-all cutoff
	 * @param signingKey its signing key's entry, {@code null} if it names no key
	 */
	public record Refusing(@Nullable String token, @Nullable String session, String cutoff,
			@Nullable String signingKey) {

		/** The keys to read: the cutoff first, then those present. */
		List<String> names() {
			List<String> names = new ArrayList<>(4);
			names.add(this.cutoff);
			addIfPresent(names, this.token);
			addIfPresent(names, this.session);
			addIfPresent(names, this.signingKey);
			return names;
		}

		private static void addIfPresent(List<String> names, @Nullable String name) {
			if (name != null) {
				names.add(name);
			}
		}

	}

}
