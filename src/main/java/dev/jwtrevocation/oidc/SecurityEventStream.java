package dev.jwtrevocation.oidc;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;

import dev.jwtrevocation.revocation.RevocationCause;

/**
 * This service's side of one provider's Shared Signals Framework 1.0 stream, where it
 * talks to the transmitter itself: it finds the transmitter through
 * {@code /.well-known/ssf-configuration} (the provider's issuer, SSF §7.2), authenticates
 * with the client credentials grant at the provider's token endpoint, reads its stream at
 * the {@code configuration_endpoint}, creates it if there is none and replaces one that
 * delivers otherwise than configured ({@code manage-stream}), and, for poll delivery (RFC
 * 8936), polls: each SET is checked, applied once and acknowledged in the next poll, or
 * returned in {@code setErrs}; a SET whose revocation Redis did not confirm is neither,
 * so that it comes again.
 * <p>
 * One {@link #step} at a time, on the discovery thread; no URL is used that the
 * provider's issuer did not lead to.
 */
final class SecurityEventStream {

	static final String CHANNEL = RevocationCause.SSF_POLL;

	private static final String PUSH = "urn:ietf:rfc:8935";

	private static final String POLL = "urn:ietf:rfc:8936";

	private static final int MAX_EVENTS = 100;

	private static final Logger logger = LoggerFactory.getLogger(SecurityEventStream.class);

	private final ProviderKeys keys;

	private final OpenIdProviderProperties.Provider provider;

	private final SecurityEventValidator validator;

	private final SignalReplays replays;

	private final SecurityEventHandler handler;

	private final SignalMeters meters;

	private final Clock clock;

	private final Duration skew;

	private URI configurationEndpoint;

	private URI pollEndpoint;

	private String accessToken;

	private long accessTokenExpiresAt;

	private final List<String> acknowledged = new ArrayList<>();

	private final Map<String, Object> errors = new LinkedHashMap<>();

	private volatile String state = "not connected";

	SecurityEventStream(ProviderKeys keys, SecurityEventValidator validator, SignalReplays replays,
			SecurityEventHandler handler, SignalMeters meters, Clock clock, Duration skew) {
		this.keys = keys;
		this.provider = keys.provider();
		this.validator = validator;
		this.replays = replays;
		this.handler = handler;
		this.meters = meters;
		this.clock = clock;
		this.skew = skew;
	}

	/**
	 * The stream's state, for health: {@code not connected}, {@code ready}, a failure.
	 */
	String state() {
		return this.state;
	}

	/**
	 * Makes sure of the stream, then polls once if it delivers by poll.
	 * @return how long to wait before the next step
	 */
	Duration step() {
		if (!this.keys.isReachable()) {
			return Duration.ofSeconds(OpenIdProviders.RETRY_SECONDS);
		}
		try {
			if (this.configurationEndpoint == null) {
				connect();
			}
			if (this.pollEndpoint == null) {
				return Duration.ofSeconds(OpenIdProviders.REFRESH_SECONDS);
			}
			return poll() ? Duration.ZERO : this.provider.ssf().pollInterval();
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof ProviderHttp.StatusException status && status.status() == 401) {
				this.accessToken = null;
			}
			fail(ex.getClass().getSimpleName() + ": " + ex.getMessage());
			return Duration.ofSeconds(OpenIdProviders.RETRY_SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Duration.ofSeconds(OpenIdProviders.RETRY_SECONDS);
		}
	}

	private void connect() throws IOException, InterruptedException {
		Map<String, Object> metadata = transmitterMetadata();
		if (!this.provider.issuer().equals(metadata.get("issuer"))) {
			throw new IOException("the SSF configuration names another issuer");
		}
		URI configuration = httpUri(metadata.get("configuration_endpoint"), "configuration_endpoint");
		List<Map<String, Object>> streams = new ArrayList<>();
		try {
			streams.addAll(this.keys.http().getAnswer(configuration, token()).objects(configuration));
		}
		catch (ProviderHttp.StatusException ex) {
			if (ex.status() != 404) {
				throw ex;
			}
		}
		Map<String, Object> stream = streams.isEmpty() ? null : streams.get(0);
		if (stream != null && !deliversAsConfigured(stream)) {
			if (!this.provider.ssf().manageStream()) {
				throw new IOException(
						"the transmitter's stream does not deliver as configured, and manage-stream is off");
			}
			// a stream's delivery is the receiver's to choose at creation (SSF §8.1.1.1):
			// one created for poll, or for another push URL, is replaced, not patched
			Object id = stream.get("stream_id");
			if (!(id instanceof String streamId) || streamId.isEmpty()) {
				throw new IOException("the transmitter's stream has no stream_id");
			}
			this.keys.http().delete(URI.create(configuration + "?stream_id=" + ProviderHttp.form(streamId)), token());
			logger.info("Deleted the SSF stream of {}: it did not deliver as configured", this.provider.issuer());
			stream = null;
		}
		if (stream == null) {
			if (!this.provider.ssf().manageStream()) {
				throw new IOException("the transmitter has no stream for this client, and manage-stream is off");
			}
			stream = this.keys.http().postJson(configuration, token(), newStream(), 200, 201).json(configuration);
			logger.info("Created the SSF stream of {} ({} delivery)", this.provider.issuer(),
					this.provider.ssf().delivery().name().toLowerCase(java.util.Locale.ROOT));
		}
		Object audience = (stream != null) ? stream.get("aud") : null;
		if (audience instanceof String one) {
			this.keys.streamAudiences(Set.of(one));
		}
		else if (audience instanceof List<?> many) {
			this.keys.streamAudiences(many.stream().map(String::valueOf).collect(Collectors.toSet()));
		}
		if (this.provider.ssf().delivery() == OpenIdProviderProperties.Delivery.POLL) {
			Object delivery = (stream != null) ? stream.get("delivery") : null;
			if (!(delivery instanceof Map<?, ?> method) || !POLL.equals(method.get("method"))) {
				throw new IOException("the transmitter's stream does not deliver by poll");
			}
			this.pollEndpoint = httpUri(method.get("endpoint_url"), "the poll endpoint_url");
		}
		this.configurationEndpoint = configuration;
		this.state = "ready";
	}

	/**
	 * Whether a stream read from the transmitter delivers by the configured method (and,
	 * for push, to the configured URL); its {@code authorization_header} is never shown.
	 */
	private boolean deliversAsConfigured(Map<String, Object> stream) {
		if (!(stream.get("delivery") instanceof Map<?, ?> delivery)) {
			return false;
		}
		if (this.provider.ssf().delivery() == OpenIdProviderProperties.Delivery.POLL) {
			return POLL.equals(delivery.get("method"));
		}
		return PUSH.equals(delivery.get("method"))
				&& String.valueOf(this.provider.ssf().pushUrl()).equals(delivery.get("endpoint_url"));
	}

	private Map<String, Object> newStream() {
		Map<String, Object> delivery = new LinkedHashMap<>();
		if (this.provider.ssf().delivery() == OpenIdProviderProperties.Delivery.POLL) {
			delivery.put("method", POLL);
		}
		else {
			delivery.put("method", PUSH);
			delivery.put("endpoint_url", this.provider.ssf().pushUrl());
			delivery.put("authorization_header", this.provider.ssf().pushAuthorization());
		}
		Map<String, Object> stream = new LinkedHashMap<>();
		stream.put("delivery", delivery);
		stream.put("events_requested", this.provider.ssf().events());
		stream.put("description", "jwt-revocation: revokes the access tokens of ended sessions");
		return stream;
	}

	/**
	 * {@code /.well-known/ssf-configuration} inserted between the issuer's host and path
	 * (SSF §7.2), then appended to the issuer.
	 */
	private Map<String, Object> transmitterMetadata() throws IOException, InterruptedException {
		URI issuer = URI.create(this.provider.issuer());
		String path = (issuer.getRawPath() != null) ? issuer.getRawPath() : "";
		URI inserted = issuer.resolve("/.well-known/ssf-configuration" + (path.equals("/") ? "" : path));
		try {
			return this.keys.http().getJson(inserted, null);
		}
		catch (ProviderHttp.StatusException ex) {
			String base = this.provider.issuer().replaceAll("/$", "");
			return this.keys.http().getJson(URI.create(base + "/.well-known/ssf-configuration"), null);
		}
	}

	/**
	 * One poll: acknowledges what the last one applied, applies what comes.
	 * @return whether the transmitter has more
	 */
	private boolean poll() throws IOException, InterruptedException {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("ack", new ArrayList<>(this.acknowledged));
		if (!this.errors.isEmpty()) {
			request.put("setErrs", new LinkedHashMap<>(this.errors));
		}
		request.put("maxEvents", MAX_EVENTS);
		request.put("returnImmediately", true);
		Map<String, Object> answer = this.keys.http()
			.postJson(this.pollEndpoint, token(), request, 200)
			.json(this.pollEndpoint);
		this.acknowledged.clear();
		this.errors.clear();
		if (answer == null) {
			return false;
		}
		if (answer.get("sets") instanceof Map<?, ?> sets) {
			for (Map.Entry<?, ?> entry : sets.entrySet()) {
				if (entry.getKey() instanceof String id && entry.getValue() instanceof String set) {
					if (!receive(id, set)) {
						// Redis did not confirm: neither acknowledged nor refused, so it
						// comes again
						return false;
					}
				}
			}
		}
		return Boolean.TRUE.equals(answer.get("moreAvailable"));
	}

	/**
	 * @return {@code false} if Redis did not confirm the revocation
	 */
	private boolean receive(String id, String set) {
		String issuer = this.provider.issuer();
		SecurityEvent event;
		try {
			event = this.validator.validate(set, (claimed) -> issuer.equals(claimed) ? this.keys : null);
		}
		catch (InvalidSecurityEventException ex) {
			this.meters.received(issuer, CHANNEL, "invalid");
			this.errors.put(id, Map.of("err", ex.code(), "description", ex.getBody().getDetail()));
			return true;
		}
		if (!this.replays.claim(issuer, event.id(),
				event.issuedAt().plus(this.provider.ssf().maxEventAge()).plus(this.skew))) {
			this.meters.received(issuer, CHANNEL, "replayed");
			this.acknowledged.add(id);
			return true;
		}
		try {
			this.meters.received(issuer, CHANNEL, this.handler.apply(event, CHANNEL));
			this.acknowledged.add(id);
			return true;
		}
		catch (DataAccessException ex) {
			this.meters.received(issuer, CHANNEL, "unavailable");
			this.replays.release(issuer, event.id());
			return false;
		}
	}

	/** An access token of the client credentials grant, renewed before it expires. */
	private String token() throws IOException, InterruptedException {
		if (this.accessToken != null && this.clock.millis() < this.accessTokenExpiresAt) {
			return this.accessToken;
		}
		URI endpoint = this.keys.tokenEndpoint();
		if (endpoint == null || this.provider.clientSecret() == null) {
			throw new IOException("the provider has no token endpoint, or no client-secret is configured");
		}
		String form = "grant_type=client_credentials" + ((this.provider.ssf().scope() != null)
				? "&scope=" + ProviderHttp.form(this.provider.ssf().scope()) : "");
		Map<String, Object> answer = this.keys.http()
			.postForm(endpoint, this.provider.clientId(), this.provider.clientSecret(), form);
		if (answer == null || !(answer.get("access_token") instanceof String token)) {
			throw new IOException("the token endpoint answered no access_token");
		}
		long lifetime = (answer.get("expires_in") instanceof Number seconds) ? seconds.longValue() : 60;
		this.accessToken = token;
		this.accessTokenExpiresAt = this.clock.millis() + Math.max(5, lifetime - 10) * 1000;
		return token;
	}

	private void fail(String failure) {
		if (!failure.equals(this.state)) {
			logger.warn("The SSF stream of {} is not working ({}); retried every {} s", this.provider.issuer(), failure,
					OpenIdProviders.RETRY_SECONDS);
		}
		this.state = failure;
	}

	private static URI httpUri(Object value, String what) throws IOException {
		if (!(value instanceof String uri) || !(uri.startsWith("https://") || uri.startsWith("http://"))) {
			throw new IOException("the transmitter's " + what + " is not an http(s) URL");
		}
		return URI.create(uri);
	}

}
