package dev.jwtrevocation.redis;

import dev.jwtrevocation.revocation.RevocationKeys;

/**
 * The names of the Redis keys of users, sessions and throttling, in one place, under the
 * namespace ({@code revocation.key-namespace}, {@code jr} by default) of the revocation
 * keys, which the revocation core names ({@link RevocationKeys}) and this class hands on.
 * The table shows the default namespace.
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
 * <td>{@code jr:ssf:{s}:streams}, {@code jr:ssf:{s}:cursors}</td>
 * <td>none: the Shared Signals streams and where each has got to in the trail</td>
 * </tr>
 * <tr>
 * <td>{@code jr:ssf:{s}:verify:<stream>}</td>
 * <td>the stream's pending verification events, a day</td>
 * </tr>
 * <tr>
 * <td>{@code jr:ssf:{s}:lease:<stream>}, {@code jr:ssf:{s}:verified:<stream>}</td>
 * <td>the delivery lease; the minimum verification interval</td>
 * </tr>
 * <tr>
 * <td>{@code jr:throttle-address:<client address>},
 * {@code jr:throttle-register:<client address>}</td>
 * <td>the throttling window</td>
 * </tr>
 * </table>
 */
public final class RedisKeys {

	/** The keys under the default namespace, for tests and tools. */
	public static final RedisKeys DEFAULT = new RedisKeys(RevocationKeys.DEFAULT);

	private final RevocationKeys revocation;

	private final String namespace;

	public RedisKeys(RevocationKeys revocation) {
		this.revocation = revocation;
		this.namespace = revocation.namespace();
	}

	/** The user's logout-everywhere cutoff ({@link RevocationKeys#cutoff}). */
	public String cutoff(String username) {
		return this.revocation.cutoff(username);
	}

	public String user(String username) {
		return this.namespace + "user:" + RevocationKeys.tag(username);
	}

	public String session(String username, String sessionId) {
		return this.namespace + "session:" + RevocationKeys.tag(username) + ":" + sessionId;
	}

	public String lostRotation(String username, String sessionId) {
		return session(username, sessionId) + ":lost";
	}

	public String sessionIndex(String username) {
		return this.namespace + "sessions:" + RevocationKeys.tag(username);
	}

	public String loginThrottle(String username, String clientAddress) {
		return this.namespace + "throttle:" + RevocationKeys.tag(username) + ":" + clientAddress;
	}

	public String accountThrottle(String username) {
		return this.namespace + "throttle:" + RevocationKeys.tag(username);
	}

	public String registrationThrottle(String clientAddress) {
		return this.namespace + "throttle-register:" + clientAddress;
	}

	/** Failed authentications of one configured OAuth client. */
	public String clientThrottle(String clientId) {
		return this.namespace + "throttle-client:" + clientId;
	}

	/** Failed OAuth client authentications from one address. */
	public String clientAddressThrottle(String clientAddress) {
		return this.namespace + "throttle-client-address:" + clientAddress;
	}

	/**
	 * A provider's signal already applied, so that a replay is refused.
	 * @param providerOwner the provider's namespace
	 * ({@code IssuerNamespace#sessionOwner})
	 * @param id the signal's {@code jti}
	 */
	public String seenSignal(String providerOwner, String id) {
		return this.namespace + "seen:" + providerOwner + id;
	}

	/**
	 * The Shared Signals streams, one hash field (their id) each: in one hash slot with
	 * the other stream keys, {@code {s}}.
	 */
	public String ssfStreams() {
		return this.namespace + "ssf:{s}:streams";
	}

	/** Each stream's position in the audit trail: the last entry delivered. */
	public String ssfCursors() {
		return this.namespace + "ssf:{s}:cursors";
	}

	/** A stream's verification events, waiting for delivery. */
	public String ssfVerifications(String streamId) {
		return this.namespace + "ssf:{s}:verify:" + streamId;
	}

	/** Which instance delivers a push stream now. */
	public String ssfLease(String streamId) {
		return this.namespace + "ssf:{s}:lease:" + streamId;
	}

	/** Held for the minimum verification interval after a verification. */
	public String ssfVerified(String streamId) {
		return this.namespace + "ssf:{s}:verified:" + streamId;
	}

	public String addressThrottle(String clientAddress) {
		return this.namespace + "throttle-address:" + clientAddress;
	}

	@Override
	public String toString() {
		return "RedisKeys[" + this.namespace + "]";
	}

}
