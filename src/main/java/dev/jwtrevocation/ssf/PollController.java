package dev.jwtrevocation.ssf;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.jwtrevocation.problem.ProblemResponses;
import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.token.AccessToken;

/**
 * Poll delivery (RFC 8936) at a poll stream's {@code endpoint_url},
 * {@code POST /ssf/poll/<stream_id>}: the receiver acknowledges what it applied
 * ({@code ack}) or refused ({@code setErrs}), and gets what follows, oldest first, up to
 * {@code maxEvents}. The stream's position moves past every event acknowledged or refused
 * in order; one not acknowledged comes again in the next poll, so nothing is lost to a
 * receiver that fails between two polls.
 */
@RestController
@SecurityRequirement(name = "bearer")
class PollController {

	static final int MAX_EVENTS = 100;

	private static final int SCAN = 1_000;

	private final Transmitter transmitter;

	private final TransmitterProperties properties;

	PollController(Transmitter transmitter, TransmitterProperties properties) {
		this.transmitter = transmitter;
		this.properties = properties;
	}

	@Operation(summary = "Poll a stream's events (RFC 8936)")
	@ProblemResponses(value = { ProblemType.INVALID_STREAM, ProblemType.STREAM_NOT_FOUND }, generic = 403)
	@PostMapping("/ssf/poll/{streamId}")
	Map<String, Object> poll(@AuthenticationPrincipal AccessToken caller, @PathVariable String streamId,
			@RequestBody(required = false) Map<String, Object> request) throws InterruptedException {
		EventStream stream = this.transmitter.owned(caller.subject(), streamId);
		if (stream.isPush()) {
			throw StreamException.invalid("This stream delivers by push");
		}
		Map<String, Object> body = (request != null) ? request : Map.of();
		Set<String> handled = new HashSet<>();
		if (body.get("ack") instanceof List<?> acks) {
			acks.stream().limit(SCAN).forEach((ack) -> handled.add(String.valueOf(ack)));
		}
		if (body.get("setErrs") instanceof Map<?, ?> errors) {
			errors.keySet().stream().limit(SCAN).forEach((jti) -> handled.add(String.valueOf(jti)));
		}
		int maxEvents = (body.get("maxEvents") instanceof Number number)
				? Math.max(0, Math.min(MAX_EVENTS, number.intValue())) : MAX_EVENTS;
		boolean immediately = !Boolean.FALSE.equals(body.get("returnImmediately"));
		EventStreamStore store = this.transmitter.store();
		for (Map<String, Object> verification : store.verifications(stream.id())) {
			if (handled.contains(String.valueOf(verification.get("jti")))) {
				store.verified(stream.id(), verification);
			}
		}
		String cursor = acknowledge(stream, store.cursor(stream.id()), handled);
		Map<String, String> sets = new LinkedHashMap<>();
		boolean more = false;
		long deadline = System.nanoTime() + this.properties.pollWait().toNanos();
		while (true) {
			for (Map<String, Object> verification : store.verifications(stream.id())) {
				if (sets.size() < maxEvents) {
					String jti = String.valueOf(verification.get("jti"));
					sets.put(jti, this.transmitter.tokens()
						.verification(jti, stream, String.valueOf(verification.get("state"))));
				}
			}
			if (!EventStream.PAUSED.equals(stream.status())) {
				more = collect(stream, cursor, maxEvents, sets);
			}
			if (!sets.isEmpty() || immediately || maxEvents == 0 || System.nanoTime() >= deadline) {
				break;
			}
			Thread.sleep(100);
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("sets", sets);
		answer.put("moreAvailable", more);
		return answer;
	}

	/**
	 * Moves the cursor past every entry, in order, that was acknowledged, refused or has
	 * nothing for the stream.
	 */
	private String acknowledge(EventStream stream, String cursor, Set<String> handled) {
		String moved = cursor;
		boolean stop = false;
		while (!stop) {
			List<Transmitter.Pending> pending = this.transmitter.pending(stream, moved, SCAN);
			for (Transmitter.Pending next : pending) {
				if (next.event() != null && !handled.contains(next.entry().id())) {
					stop = true;
					break;
				}
				moved = next.entry().id();
			}
			stop = stop || pending.size() < SCAN;
		}
		if (!moved.equals(cursor)) {
			this.transmitter.store().advance(stream.id(), moved);
		}
		return moved;
	}

	/**
	 * @return whether more events wait than were collected
	 */
	private boolean collect(EventStream stream, String cursor, int maxEvents, Map<String, String> sets) {
		List<Transmitter.Pending> pending = this.transmitter.pending(stream, cursor, SCAN);
		for (Transmitter.Pending next : pending) {
			if (next.event() == null) {
				continue;
			}
			if (sets.size() >= maxEvents) {
				return true;
			}
			sets.put(next.entry().id(), this.transmitter.tokens().sign(next.entry().id(), stream, next.event()));
		}
		return pending.size() == SCAN;
	}

}
