package dev.jwtrevocation.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;

import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.jwtrevocation.problem.ProblemResponses;
import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.revocation.RevocationCause;
import dev.jwtrevocation.revocation.TokenLifetimes;

/**
 * Shared Signals Framework 1.0 push delivery (RFC 8935): a provider's transmitter POSTs
 * one Security Event Token ({@code application/secevent+jwt}) to {@code POST /ssf/push}.
 * <ul>
 * <li>The {@code Authorization} header must be the one configured for a provider's stream
 * ({@code revocation.providers[n].ssf.push-authorization}); otherwise 401
 * {@code authentication_failed}, before the SET is read.</li>
 * <li>The SET must come from that provider and pass every check
 * ({@link SecurityEventValidator}); otherwise 400 with RFC 8935's {@code err}
 * ({@code invalid_request}, {@code invalid_issuer}, {@code invalid_key},
 * {@code invalid_audience}) and {@code description}.</li>
 * <li>202 once its revocation is durable and every mirror holds it
 * ({@link SecurityEventHandler}); a SET already applied is answered 202 again and applied
 * once. 503 with {@code Retry-After} if Redis or the mirrors did not confirm.</li>
 * </ul>
 */
@RestController
class SecurityEventPushController {

	static final String CHANNEL = RevocationCause.SSF_PUSH;

	private final OpenIdProviders providers;

	private final SecurityEventValidator validator;

	private final SignalReplays replays;

	private final SecurityEventHandler handler;

	private final SignalMeters meters;

	private final Duration skew;

	SecurityEventPushController(OpenIdProviders providers, SecurityEventValidator validator, SignalReplays replays,
			ProviderRevocations revocations, SignalMeters meters, TokenLifetimes lifetimes) {
		this.providers = providers;
		this.validator = validator;
		this.replays = replays;
		this.handler = new SecurityEventHandler(revocations);
		this.meters = meters;
		this.skew = lifetimes.clockSkew();
	}

	@Operation(summary = "Shared Signals Framework 1.0 push delivery (RFC 8935)",
			description = "One Security Event Token (application/secevent+jwt) from a configured provider's "
					+ "transmitter, with the Authorization header configured for its stream.")
	@ApiResponse(responseCode = "202", description = "Applied once: its revocation is held by every mirror")
	@ProblemResponses(
			value = { ProblemType.INVALID_REQUEST, ProblemType.INVALID_CLIENT, ProblemType.REVOCATION_UNAVAILABLE },
			generic = { 413, 415 })
	@PostMapping(path = "/ssf/push", consumes = "application/secevent+jwt")
	ResponseEntity<Void> push(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@RequestBody(required = false) String body, HttpServletResponse response) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		ProviderKeys pusher = authenticated(authorization);
		if (pusher == null) {
			this.meters.received(null, CHANNEL, "unauthenticated");
			throw new InvalidSecurityEventException("authentication_failed",
					"The Authorization header is not one configured for a stream");
		}
		String issuer = pusher.provider().issuer();
		SecurityEvent event;
		try {
			event = this.validator.validate((body != null) ? body.trim() : null,
					(claimed) -> issuer.equals(claimed) ? pusher : null);
		}
		catch (InvalidSecurityEventException ex) {
			this.meters.received(issuer, CHANNEL, "invalid");
			throw ex;
		}
		if (!this.replays.claim(issuer, event.id(),
				event.issuedAt().plus(event.provider().ssf().maxEventAge()).plus(this.skew))) {
			this.meters.received(issuer, CHANNEL, "replayed");
			return ResponseEntity.accepted().build();
		}
		String outcome;
		try {
			outcome = this.handler.apply(event, CHANNEL);
		}
		catch (DataAccessException ex) {
			this.meters.received(issuer, CHANNEL, "unavailable");
			this.replays.release(issuer, event.id());
			throw ex;
		}
		this.meters.received(issuer, CHANNEL, outcome);
		return ResponseEntity.accepted().build();
	}

	/**
	 * The provider whose stream's push authorization the header is, compared in constant
	 * time with each configured one.
	 */
	private ProviderKeys authenticated(String authorization) {
		if (authorization == null) {
			return null;
		}
		byte[] given = authorization.getBytes(StandardCharsets.UTF_8);
		ProviderKeys match = null;
		for (ProviderKeys keys : this.providers.all().values()) {
			String expected = keys.provider().ssf().pushAuthorization();
			if (expected != null && !expected.isEmpty()
					&& MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8))) {
				match = keys;
			}
		}
		return match;
	}

}
