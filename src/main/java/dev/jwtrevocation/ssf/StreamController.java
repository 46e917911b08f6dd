package dev.jwtrevocation.ssf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.jwtrevocation.problem.ProblemResponses;
import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.token.AccessToken;
import dev.jwtrevocation.token.EventSigningKeys;
import dev.jwtrevocation.token.JwtProperties;

/**
 * Stream management (SSF 1.0 §8.1): a receiver, authenticated as an OAuth client with the
 * scope {@code ssf.manage} ({@code ssf.read} reads only), creates, reads, changes and
 * deletes its own streams, reads and sets their status, and asks for a verification
 * event. Another client's stream is answered 404, as if it did not exist.
 */
@RestController
@SecurityRequirement(name = "bearer")
class StreamController {

	static final String STREAMS = "/ssf/streams";

	static final String STATUS = "/ssf/status";

	static final String VERIFY = "/ssf/verify";

	private final Transmitter transmitter;

	private final EventSigningKeys keys;

	private final String issuer;

	StreamController(Transmitter transmitter, EventSigningKeys keys, JwtProperties properties) {
		this.transmitter = transmitter;
		this.keys = keys;
		this.issuer = properties.issuer();
	}

	@Operation(summary = "Create a stream (SSF 1.0 §8.1.1.1)",
			description = "Push (urn:ietf:rfc:8935) to an endpoint_url under ssf.transmitter.receiver-urls, or poll "
					+ "(urn:ietf:rfc:8936). It gets every revocation from now on.")
	@ApiResponse(responseCode = "201", description = "Created: its configuration")
	@ProblemResponses(value = { ProblemType.INVALID_STREAM, ProblemType.TOO_MANY_STREAMS }, generic = 403)
	@PostMapping(STREAMS)
	ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal AccessToken caller,
			@RequestBody Map<String, Object> request) {
		if (!this.keys.isPresent()) {
			throw StreamException.invalid("This service has no RS256 key (jwt.keys) to sign events with");
		}
		EventStream stream = this.transmitter.create(caller.subject(), request);
		return ResponseEntity.status(HttpStatus.CREATED).body(this.transmitter.view(stream, this.issuer));
	}

	@Operation(summary = "Read a stream, or all of the caller's (SSF 1.0 §8.1.1.2)")
	@ProblemResponses(value = ProblemType.STREAM_NOT_FOUND, generic = 403)
	@GetMapping(STREAMS)
	ResponseEntity<?> read(@AuthenticationPrincipal AccessToken caller,
			@RequestParam(name = "stream_id", required = false) String streamId) {
		if (streamId == null) {
			List<Map<String, Object>> all = this.transmitter.store()
				.ofClient(caller.subject())
				.stream()
				.map((stream) -> this.transmitter.view(stream, this.issuer))
				.toList();
			return ResponseEntity.ok(all);
		}
		return ResponseEntity
			.ok(this.transmitter.view(this.transmitter.owned(caller.subject(), streamId), this.issuer));
	}

	@Operation(summary = "Change some of a stream's fields (SSF 1.0 §8.1.1.3)")
	@ProblemResponses(value = { ProblemType.INVALID_STREAM, ProblemType.STREAM_NOT_FOUND }, generic = 403)
	@PatchMapping(STREAMS)
	Map<String, Object> update(@AuthenticationPrincipal AccessToken caller, @RequestBody Map<String, Object> request) {
		return this.transmitter.view(this.transmitter.update(caller.subject(), request, false), this.issuer);
	}

	@Operation(summary = "Replace a stream's configuration (SSF 1.0 §8.1.1.4)")
	@ProblemResponses(value = { ProblemType.INVALID_STREAM, ProblemType.STREAM_NOT_FOUND }, generic = 403)
	@PutMapping(STREAMS)
	Map<String, Object> replace(@AuthenticationPrincipal AccessToken caller, @RequestBody Map<String, Object> request) {
		return this.transmitter.view(this.transmitter.update(caller.subject(), request, true), this.issuer);
	}

	@Operation(summary = "Delete a stream (SSF 1.0 §8.1.1.5)")
	@ApiResponse(responseCode = "204", description = "Deleted, with what it had not yet received")
	@ProblemResponses(value = { ProblemType.INVALID_STREAM, ProblemType.STREAM_NOT_FOUND }, generic = 403)
	@DeleteMapping(STREAMS)
	ResponseEntity<Void> delete(@AuthenticationPrincipal AccessToken caller,
			@RequestParam(name = "stream_id", required = false) String streamId) {
		this.transmitter.delete(caller.subject(), streamId);
		return ResponseEntity.noContent().build();
	}

	@Operation(summary = "Read a stream's status (SSF 1.0 §8.1.2.1)")
	@ProblemResponses(value = { ProblemType.INVALID_STREAM, ProblemType.STREAM_NOT_FOUND }, generic = 403)
	@GetMapping(STATUS)
	Map<String, Object> status(@AuthenticationPrincipal AccessToken caller,
			@RequestParam(name = "stream_id", required = false) String streamId) {
		return statusView(this.transmitter.owned(caller.subject(), streamId));
	}

	@Operation(summary = "Set a stream's status (SSF 1.0 §8.1.2.2)",
			description = "paused: events are held until it is enabled again; disabled: events are dropped.")
	@ProblemResponses(value = { ProblemType.INVALID_STREAM, ProblemType.STREAM_NOT_FOUND }, generic = 403)
	@PostMapping(STATUS)
	Map<String, Object> setStatus(@AuthenticationPrincipal AccessToken caller,
			@RequestBody Map<String, Object> request) {
		return statusView(this.transmitter.status(caller.subject(), request));
	}

	@Operation(summary = "Ask for a verification event (SSF 1.0 §8.1.4.2)")
	@ApiResponse(responseCode = "204", description = "Queued: it is delivered like any event")
	@ProblemResponses(value = { ProblemType.INVALID_STREAM, ProblemType.STREAM_NOT_FOUND,
			ProblemType.STREAM_VERIFICATION_THROTTLED }, generic = 403)
	@PostMapping(VERIFY)
	ResponseEntity<Void> verify(@AuthenticationPrincipal AccessToken caller, @RequestBody Map<String, Object> request) {
		this.transmitter.verify(caller.subject(), request);
		return ResponseEntity.noContent().build();
	}

	private static Map<String, Object> statusView(EventStream stream) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("stream_id", stream.id());
		view.put("status", stream.status());
		if (stream.reason() != null) {
			view.put("reason", stream.reason());
		}
		return view;
	}

}
