package dev.jwtrevocation.ssf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.lang.Nullable;

/**
 * One Shared Signals stream (SSF 1.0 §8.1.1) as the transmitter keeps it.
 *
 * @param id its {@code stream_id}
 * @param clientId the OAuth client that created it: the only one that may see or change
 * it
 * @param method {@link #PUSH} or {@link #POLL}
 * @param endpointUrl for push, where its events go (allowed by
 * {@code ssf.transmitter.receiver-urls})
 * @param authorizationHeader for push, the {@code Authorization} header sent with each
 * event; never shown again
 * @param eventsRequested what the receiver asked for
 * @param eventsDelivered what it gets: those asked for that this transmitter sends
 * @param description the receiver's own text
 * @param status {@code enabled}, {@code paused} or {@code disabled}
 * @param reason why the status was last changed, if said
 */
record EventStream(String id, String clientId, String method, @Nullable String endpointUrl,
		@Nullable String authorizationHeader, List<String> eventsRequested, List<String> eventsDelivered,
		@Nullable String description, String status, @Nullable String reason) {

	static final String PUSH = "urn:ietf:rfc:8935";

	static final String POLL = "urn:ietf:rfc:8936";

	static final String ENABLED = "enabled";

	static final String PAUSED = "paused";

	static final String DISABLED = "disabled";

	EventStream {
		eventsRequested = List.copyOf(eventsRequested);
		eventsDelivered = List.copyOf(eventsDelivered);
	}

	boolean isPush() {
		return PUSH.equals(this.method);
	}

	EventStream withStatus(String status, @Nullable String reason) {
		return new EventStream(this.id, this.clientId, this.method, this.endpointUrl, this.authorizationHeader,
				this.eventsRequested, this.eventsDelivered, this.description, status, reason);
	}

	/** What Redis holds: every field, the authorization header included. */
	Map<String, Object> stored() {
		Map<String, Object> stored = new LinkedHashMap<>();
		stored.put("stream_id", this.id);
		stored.put("client_id", this.clientId);
		stored.put("method", this.method);
		stored.put("endpoint_url", this.endpointUrl);
		stored.put("authorization_header", this.authorizationHeader);
		stored.put("events_requested", this.eventsRequested);
		stored.put("events_delivered", this.eventsDelivered);
		stored.put("description", this.description);
		stored.put("status", this.status);
		stored.put("reason", this.reason);
		return stored;
	}

	@SuppressWarnings("unchecked")
	static EventStream of(Map<String, Object> stored) {
		return new EventStream((String) stored.get("stream_id"), (String) stored.get("client_id"),
				(String) stored.get("method"), (String) stored.get("endpoint_url"),
				(String) stored.get("authorization_header"),
				(List<String>) stored.getOrDefault("events_requested", List.of()),
				(List<String>) stored.getOrDefault("events_delivered", List.of()), (String) stored.get("description"),
				(String) stored.getOrDefault("status", ENABLED), (String) stored.get("reason"));
	}

	/** Never prints the authorization header. */
	@Override
	public String toString() {
		return "EventStream[id=" + this.id + ", clientId=" + this.clientId + ", method=" + this.method + ", status="
				+ this.status + "]";
	}

}
