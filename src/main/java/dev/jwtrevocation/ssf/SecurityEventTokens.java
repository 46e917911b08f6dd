package dev.jwtrevocation.ssf;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import io.jsonwebtoken.Jwts;

import org.springframework.util.Assert;

import dev.jwtrevocation.token.EventSigningKeys;
import dev.jwtrevocation.token.SigningKey;

/**
 * Signs Security Event Tokens (RFC 8417) as SSF 1.0 and the CAEP interoperability profile
 * shape them: header {@code typ: secevent+jwt}, RS256 with a {@code kid} of the JWK Set;
 * claims {@code iss}, {@code jti}, {@code iat}, {@code aud} (the stream's receiver),
 * {@code sub_id} and exactly one event. A SET is signed when it is delivered, not when
 * its revocation is queued, so that a receiver that was away gets a fresh {@code iat} and
 * a key still published; its {@code jti} is the trail entry's id, the same on every
 * retry, so that a receiver applies it once.
 */
final class SecurityEventTokens {

	private final EventSigningKeys keys;

	private final String issuer;

	private final Clock clock;

	SecurityEventTokens(EventSigningKeys keys, String issuer, Clock clock) {
		Assert.notNull(keys, "keys cannot be null");
		Assert.hasText(issuer, "issuer cannot be empty");
		Assert.notNull(clock, "clock cannot be null");
		this.keys = keys;
		this.issuer = issuer;
		this.clock = clock;
	}

	/** Whether an RS256 key is configured to sign with. */
	boolean canSign() {
		return this.keys.isPresent();
	}

	/** A revocation's event, for one stream. */
	String sign(String jti, EventStream stream, CaepEvents.Event event) {
		return sign(jti, stream.clientId(), event.subject(), event.type(), event.body());
	}

	/** A verification event (SSF §8.1.4.2): its subject is the stream. */
	String verification(String jti, EventStream stream, String state) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (state != null && !state.isEmpty()) {
			body.put("state", state);
		}
		return sign(jti, stream.clientId(), CaepEvents.opaque(stream.id()), CaepEvents.VERIFICATION, body);
	}

	private String sign(String jti, String audience, Map<String, Object> subject, String type,
			Map<String, Object> body) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		SigningKey key = this.keys.signing(now);
		return Jwts.builder()
			.header()
			.type("secevent+jwt")
			.keyId(key.id())
			.and()
			.issuer(this.issuer)
			.id(jti)
			.issuedAt(Date.from(now))
			.audience()
			.single(audience)
			.claim("sub_id", subject)
			.claim("events", Map.of(type, body))
			.signWith((PrivateKey) key.signing(), Jwts.SIG.RS256)
			.compact();
	}

}
