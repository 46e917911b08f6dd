package dev.jwtrevocation.redis;

import dev.jwtrevocation.revocation.RevocationKeys;

/**
 * The names of the Redis keys of users, sessions and throttling, in one place; the
 * revocation keys are named by the revocation core ({@link RevocationKeys}), which also
 * owns the namespace both share.
 * <p>
 * Every key that belongs to a user carries the user in the same Redis Cluster hash tag as
 * the revocation keys, {@code {<lower-case username>}}, so that all of one user's state
 * lives in one slot and one Lua script can end a session and revoke its tokens
 * atomically, on a single node or a cluster. Names are lower-cased because usernames are
 * unique regardless of case.
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
 * <td>{@code jr:session:{u}:<sid>}</td>
 * <td>refresh-token lifetime, renewed on each refresh</td>
 * </tr>
 * <tr>
 * <td>{@code jr:session:{u}:<sid>:lost}</td>
 * <td>one minute</td>
 * </tr>
 * <tr>
 * <td>{@code jr:sessions:{u}}</td>
 * <td>as the longest-lived session</td>
 * </tr>
 * <tr>
 * <td>{@code jr:throttle:{u}:<client address>}</td>
 * <td>the throttling window</td>
 * </tr>
 * <tr>
 * <td>{@code jr:throttle:{u}}</td>
 * <td>the account window</td>
 * </tr>
 * <tr>
 * <td>{@code jr:seen:<provider tag>:<jti>}</td>
 * <td>as long as the provider's signal (a logout token) could be replayed</td>
 * </tr>
 * <tr>
 * <td>{@code jr:throttle-address:<client address>},
 * {@code jr:throttle-register:<client address>}</td>
 * <td>the throttling window</td>
 * </tr>
 * </table>
 */
public final class RedisKeys {

	private static final String NAMESPACE = RevocationKeys.NAMESPACE;

	private RedisKeys() {
	}

	public static String user(String username) {
		return NAMESPACE + "user:" + RevocationKeys.tag(username);
	}

	public static String session(String username, String sessionId) {
		return NAMESPACE + "session:" + RevocationKeys.tag(username) + ":" + sessionId;
	}

	public static String lostRotation(String username, String sessionId) {
		return session(username, sessionId) + ":lost";
	}

	public static String sessionIndex(String username) {
		return NAMESPACE + "sessions:" + RevocationKeys.tag(username);
	}

	public static String loginThrottle(String username, String clientAddress) {
		return NAMESPACE + "throttle:" + RevocationKeys.tag(username) + ":" + clientAddress;
	}

	public static String accountThrottle(String username) {
		return NAMESPACE + "throttle:" + RevocationKeys.tag(username);
	}

	public static String registrationThrottle(String clientAddress) {
		return NAMESPACE + "throttle-register:" + clientAddress;
	}

	/** Failed authentications of one configured OAuth client. */
	public static String clientThrottle(String clientId) {
		return NAMESPACE + "throttle-client:" + clientId;
	}

	/** Failed OAuth client authentications from one address. */
	public static String clientAddressThrottle(String clientAddress) {
		return NAMESPACE + "throttle-client-address:" + clientAddress;
	}

	/**
	 * A provider's signal already applied, so that a replay is refused.
	 * @param providerOwner the provider's namespace
	 * ({@code IssuerNamespace#sessionOwner})
	 * @param id the signal's {@code jti}
	 */
	public static String seenSignal(String providerOwner, String id) {
		return NAMESPACE + "seen:" + providerOwner + id;
	}

	public static String addressThrottle(String clientAddress) {
		return NAMESPACE + "throttle-address:" + clientAddress;
	}

}
