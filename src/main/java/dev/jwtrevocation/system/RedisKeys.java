package dev.jwtrevocation.system;

import java.util.List;
import java.util.Locale;

/**
 * The names of every Redis key this service writes, in one place.
 * <p>
 * Every key that belongs to a user carries the user in a Redis Cluster hash tag,
 * {@code {<lower-case username>}}, so that all of one user's state lives in one slot: the
 * per-request check reads three of them with a single {@code MGET}, and the Lua scripts
 * that rotate refresh tokens or end sessions touch several atomically, on a single node
 * or a cluster. Names are lower-cased because usernames are unique regardless of case.
 * <p>
 * Everything a request must be refused for lives under {@link #REVOCATION_PREFIX}. Those
 * names are terse on purpose: there is one key per revoked token, and Redis stores a key
 * of up to 44 bytes in a 48-byte allocation, the next size class being 64. With a
 * username of up to 12 characters a token revocation key stays in the smaller class,
 * about 16 bytes less per revoked token.
 * <table>
 * <caption>Key layout (TTLs are set by the store that writes each key)</caption>
 * <tr>
 * <th>key</th>
 * <th>TTL</th>
 * </tr>
 * <tr>
 * <td>{@code jr:user:{u}}</td>
 * <td>none</td>
 * </tr>
 * <tr>
 * <td>{@code jr:r:{u}:j:<jti>}</td>
 * <td>token's remaining lifetime + clock skew</td>
 * </tr>
 * <tr>
 * <td>{@code jr:r:{u}:s:<sid>}</td>
 * <td>access-token lifetime + clock skew</td>
 * </tr>
 * <tr>
 * <td>{@code jr:r:{u}:cutoff}</td>
 * <td>longest token lifetime + clock skew</td>
 * </tr>
 * <tr>
 * <td>{@code jr:session:{u}:<sid>}</td>
 * <td>refresh-token lifetime, renewed on each refresh</td>
 * </tr>
 * <tr>
 * <td>{@code jr:session:{u}:<sid>:rotated}</td>
 * <td>as the session</td>
 * </tr>
 * <tr>
 * <td>{@code jr:sessions:{u}}</td>
 * <td>as the longest-lived session</td>
 * </tr>
 * <tr>
 * <td>{@code jr:throttle:{u}:<client address>}</td>
 * <td>the throttling window</td>
 * </tr>
 * </table>
 */
public final class RedisKeys {

	/** Prefix of every key whose presence refuses access tokens. */
	public static final String REVOCATION_PREFIX = "jr:r:";

	private RedisKeys() {
	}

	public static String user(String username) {
		return "jr:user:" + tag(username);
	}

	public static String revokedToken(String username, String jti) {
		return revocations(username) + ":j:" + jti;
	}

	public static String revokedSession(String username, String sessionId) {
		return revocations(username) + ":s:" + sessionId;
	}

	public static String revocationCutoff(String username) {
		return revocations(username) + ":cutoff";
	}

	/**
	 * The three keys that can refuse a token, in this order: its {@code jti}, its
	 * session, its user's logout-all cutoff. Built together so that the per-request check
	 * lower-cases the username once.
	 */
	public static List<String> refusing(String username, String jti, String sessionId) {
		String revocations = revocations(username);
		return List.of(revocations + ":j:" + jti, revocations + ":s:" + sessionId, revocations + ":cutoff");
	}

	public static String session(String username, String sessionId) {
		return "jr:session:" + tag(username) + ":" + sessionId;
	}

	public static String rotatedRefreshTokens(String username, String sessionId) {
		return session(username, sessionId) + ":rotated";
	}

	public static String sessionIndex(String username) {
		return "jr:sessions:" + tag(username);
	}

	public static String loginThrottle(String username, String clientAddress) {
		return "jr:throttle:" + tag(username) + ":" + clientAddress;
	}

	private static String revocations(String username) {
		return REVOCATION_PREFIX + tag(username);
	}

	private static String tag(String username) {
		return "{" + username.toLowerCase(Locale.ROOT) + "}";
	}

}
