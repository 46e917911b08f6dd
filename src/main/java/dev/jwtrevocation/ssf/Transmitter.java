package dev.jwtrevocation.ssf;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.lang.Nullable;
import org.springframework.util.Assert;

import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.revocation.RevocationTrail;
import dev.jwtrevocation.revocation.TrailEntry;

/**
 * The streams and what each gets: creating, reading, changing and deleting a receiver's
 * streams (SSF 1.0 §8.1.1), their status and verification, and the events after a
 * stream's position in the audit trail, which is the outbox: every revocation is in it
 * with its cause, in order, durable and bounded ({@code revocation.audit.max-entries},
 * {@code revocation.audit.retention}).
 */
final class Transmitter {

	private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final EventStreamStore store;

	private final RevocationTrail trail;

	private final CaepEvents events;

	private final SecurityEventTokens tokens;

	private final TransmitterProperties properties;

	private final ReceiverUrls receiverUrls;

	private final Loops loops;

	private final String base;

	private final SecureRandom random = new SecureRandom();

	/**
	 * @param clientIssuers the receivers that are themselves OpenID providers of this
	 * service, by client id: their issuer
	 * @param base this service's public URL, for the poll endpoints
	 */
	Transmitter(EventStreamStore store, RevocationTrail trail, CaepEvents events, SecurityEventTokens tokens,
			TransmitterProperties properties, Map<String, String> clientIssuers, String base) {
		Assert.notNull(store, "store cannot be null");
		Assert.notNull(trail, "trail cannot be null");
		this.store = store;
		this.trail = trail;
		this.events = events;
		this.tokens = tokens;
		this.properties = properties;
		this.receiverUrls = new ReceiverUrls(properties.receiverUrls());
		this.loops = new Loops(clientIssuers);
		this.base = base;
	}

	EventStreamStore store() {
		return this.store;
	}

	SecurityEventTokens tokens() {
		return this.tokens;
	}

	/** Creates a stream for a receiver, starting at the trail's end. */
	EventStream create(String clientId, Map<String, Object> request) {
		if (this.store.ofClient(clientId).size() >= this.properties.maxStreamsPerClient()) {
			throw new StreamException(ProblemType.TOO_MANY_STREAMS, "This client holds "
					+ this.properties.maxStreamsPerClient() + " streams already: delete one first");
		}
		EventStream stream = configured(newId(), clientId, request, null);
		this.store.save(stream, this.trail.lastId());
		return stream;
	}

	/**
	 * Changes a stream: the fields given ({@code PATCH}), or all of them, those missing
	 * taking their defaults ({@code PUT}).
	 */
	EventStream update(String clientId, Map<String, Object> request, boolean replace) {
		EventStream stream = owned(clientId, text(request.get("stream_id"), "stream_id"));
		EventStream changed = configured(stream.id(), clientId, request, replace ? null : stream);
		changed = changed.withStatus(stream.status(), stream.reason());
		this.store.save(changed, null);
		return changed;
	}

	void delete(String clientId, String streamId) {
		this.store.delete(owned(clientId, streamId).id());
	}

	/** The caller's stream; 404 if it is another client's or none. */
	EventStream owned(String clientId, @Nullable String streamId) {
		if (streamId == null || streamId.isEmpty()) {
			throw StreamException.invalid("stream_id is required");
		}
		EventStream stream = this.store.find(streamId);
		if (stream == null || !stream.clientId().equals(clientId)) {
			throw StreamException.notFound();
		}
		return stream;
	}

	EventStream status(String clientId, Map<String, Object> request) {
		EventStream stream = owned(clientId, text(request.get("stream_id"), "stream_id"));
		String status = text(request.get("status"), "status");
		if (!List.of(EventStream.ENABLED, EventStream.PAUSED, EventStream.DISABLED).contains(status)) {
			throw StreamException.invalid("status must be enabled, paused or disabled");
		}
		EventStream changed = stream.withStatus(status, optionalText(request.get("reason"), "reason"));
		this.store.save(changed, null);
		return changed;
	}

	/** Queues a verification event for the stream (SSF §8.1.4). */
	void verify(String clientId, Map<String, Object> request) {
		EventStream stream = owned(clientId, text(request.get("stream_id"), "stream_id"));
		String state = optionalText(request.get("state"), "state");
		if (!this.store.queueVerification(stream.id(), newId(), state, this.properties.minVerificationInterval())) {
			throw new StreamException(ProblemType.STREAM_VERIFICATION_THROTTLED,
					"A verification was asked for within min_verification_interval");
		}
	}

	/**
	 * The entries after {@code cursor}, up to {@code count}, each with its event for the
	 * stream ({@code null}: nothing to send, the entry is passed over).
	 */
	List<Pending> pending(EventStream stream, String cursor, int count) {
		List<Pending> pending = new ArrayList<>();
		for (TrailEntry entry : this.trail.after(cursor, count)) {
			pending.add(new Pending(entry, eventFor(stream, entry)));
		}
		return pending;
	}

	/**
	 * Whether the trail was trimmed past the cursor: the entry last delivered is gone and
	 * the oldest left is later, so entries between them may never have reached the
	 * stream. (Trimming drops whole nodes of the stream, so this may say so when the
	 * trimmed entries had all been delivered.)
	 */
	boolean missed(String cursor) {
		if ("0-0".equals(cursor)) {
			return false;
		}
		String first = this.trail.firstId();
		return first != null && compare(first, cursor) > 0 && this.trail.find(cursor).isEmpty();
	}

	@Nullable
	private CaepEvents.Event eventFor(EventStream stream, TrailEntry entry) {
		if (EventStream.DISABLED.equals(stream.status())) {
			return null;
		}
		CaepEvents.Event event = this.events.of(entry);
		if (event == null || !stream.eventsDelivered().contains(event.type())) {
			return null;
		}
		if (this.loops.returnsTo(stream, event.origin())) {
			return null;
		}
		return event;
	}

	/** The stream's configuration as SSF §8.1.1 shows it: never its authorization. */
	Map<String, Object> view(EventStream stream, String issuer) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("stream_id", stream.id());
		view.put("iss", issuer);
		view.put("aud", stream.clientId());
		view.put("events_supported", CaepEvents.SUPPORTED);
		view.put("events_requested", stream.eventsRequested());
		view.put("events_delivered", stream.eventsDelivered());
		Map<String, Object> delivery = new LinkedHashMap<>();
		delivery.put("method", stream.method());
		delivery.put("endpoint_url", stream.isPush() ? stream.endpointUrl() : pollUrl(stream.id()));
		view.put("delivery", delivery);
		view.put("min_verification_interval", this.properties.minVerificationInterval().toSeconds());
		if (stream.description() != null) {
			view.put("description", stream.description());
		}
		return view;
	}

	String pollUrl(String streamId) {
		return this.base + "/ssf/poll/" + streamId;
	}

	private EventStream configured(String id, String clientId, Map<String, Object> request,
			@Nullable EventStream current) {
		String method = (current != null) ? current.method() : EventStream.POLL;
		String endpoint = (current != null) ? current.endpointUrl() : null;
		String authorization = (current != null) ? current.authorizationHeader() : null;
		if (request.containsKey("delivery")) {
			if (!(request.get("delivery") instanceof Map<?, ?> delivery)) {
				throw StreamException.invalid("delivery must be an object");
			}
			method = text(delivery.get("method"), "delivery.method");
			if (EventStream.PUSH.equals(method)) {
				endpoint = text(delivery.get("endpoint_url"), "delivery.endpoint_url");
				if (!this.receiverUrls.allows(endpoint)) {
					throw StreamException
						.invalid("delivery.endpoint_url is not under one of ssf.transmitter.receiver-urls");
				}
				authorization = optionalText(delivery.get("authorization_header"), "delivery.authorization_header");
			}
			else if (EventStream.POLL.equals(method)) {
				endpoint = null;
				authorization = null;
			}
			else {
				throw StreamException
					.invalid("delivery.method must be " + EventStream.PUSH + " or " + EventStream.POLL);
			}
		}
		// a new stream that names no events gets every event this transmitter sends
		List<String> requested = (current != null) ? current.eventsRequested() : CaepEvents.SUPPORTED;
		if (request.containsKey("events_requested")) {
			if (!(request.get("events_requested") instanceof List<?> list) || list.size() > 50) {
				throw StreamException.invalid("events_requested must be a list of event types");
			}
			List<String> types = new ArrayList<>();
			for (Object type : list) {
				types.add(text(type, "events_requested[]"));
			}
			requested = types;
		}
		List<String> delivered = requested.stream().filter(CaepEvents.SUPPORTED::contains).distinct().toList();
		String description = (current != null) ? current.description() : null;
		if (request.containsKey("description")) {
			description = optionalText(request.get("description"), "description");
		}
		return new EventStream(id, clientId, method, endpoint, authorization, requested, delivered, description,
				(current != null) ? current.status() : EventStream.ENABLED,
				(current != null) ? current.reason() : null);
	}

	private String newId() {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		return ID_ENCODER.encodeToString(bytes);
	}

	private static String text(Object value, String name) {
		String text = optionalText(value, name);
		if (text == null || text.isEmpty()) {
			throw StreamException.invalid(name + " is required");
		}
		return text;
	}

	@Nullable
	private static String optionalText(Object value, String name) {
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text) || text.length() > 2048) {
			throw StreamException.invalid(name + " must be text of at most 2048 characters");
		}
		return text;
	}

	/** Compares two trail entry ids in stream order. */
	static int compare(String a, String b) {
		int dashA = a.indexOf('-');
		int dashB = b.indexOf('-');
		int byTime = Long.compare(Long.parseLong(a.substring(0, dashA)), Long.parseLong(b.substring(0, dashB)));
		return (byTime != 0) ? byTime
				: Long.compare(Long.parseLong(a.substring(dashA + 1)), Long.parseLong(b.substring(dashB + 1)));
	}

	/**
	 * One entry after a stream's cursor.
	 *
	 * @param entry the revocation
	 * @param event what the stream gets, {@code null} if nothing
	 */
	record Pending(TrailEntry entry, @Nullable CaepEvents.Event event) {
	}

}
