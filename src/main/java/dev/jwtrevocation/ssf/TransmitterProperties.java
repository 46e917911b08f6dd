package dev.jwtrevocation.ssf;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * This service as a Shared Signals Framework 1.0 transmitter, bound from
 * {@code ssf.transmitter.*} (environment: {@code SSF_TRANSMITTER_RECEIVER_URLS_0}, ...).
 * It transmits when an RS256 key is configured ({@code jwt.keys}); receivers are OAuth
 * clients ({@code oauth.clients[n]}) with the scope {@code ssf.manage} (and
 * {@code ssf.read} to read only).
 *
 * @param receiverUrls the push URLs a stream may deliver to: a stream's
 * {@code endpoint_url} must have the scheme, host and port of one of them and a path
 * under its path. None by default: only poll streams can be created. Nothing else is ever
 * fetched or posted to.
 * @param maxStreamsPerClient how many streams one receiver may hold, 5 by default
 * @param pushTimeout how long a push waits for the receiver's answer, 5 seconds by
 * default
 * @param pushConcurrency how many SETs of one stream are in flight at once, 8 by default:
 * one push costs the receiver's round trip (its revocation made durable), so one at a
 * time caps a stream near 100 events a second
 * @param maxBackoff the longest wait between two attempts at a push that failed (the wait
 * doubles from 1 second), 1 minute by default
 * @param minVerificationInterval how long a stream must wait between two verification
 * requests, 5 seconds by default
 * @param pollWait how long a poll that asks to wait ({@code returnImmediately: false})
 * waits for an event, 10 seconds by default
 * @param emailSubjects whether a user whose username is an email address is named by an
 * {@code email} subject rather than {@code iss_sub}; off by default
 * @param clientIssuers the receivers that are themselves OpenID providers of this service
 * ({@code revocation.providers[n]}): client id to issuer. A revocation that came from a
 * provider is never sent back to it, so that two hubs cannot loop. A push stream whose
 * URL is on the provider's origin is recognised without it.
 */
@ConfigurationProperties("ssf.transmitter")
@Validated
public record TransmitterProperties(@DefaultValue List<URI> receiverUrls,
		@DefaultValue("5") @Min(1) @Max(100) int maxStreamsPerClient,
		@DefaultValue("5s") @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 1) Duration pushTimeout,
		@DefaultValue("8") @Min(1) @Max(64) int pushConcurrency,
		@DefaultValue("1m") @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1) Duration maxBackoff,
		@DefaultValue("5s") @NotNull @DurationMax(hours = 1) Duration minVerificationInterval,
		@DefaultValue("10s") @NotNull @DurationMax(seconds = 30) Duration pollWait,
		@DefaultValue("false") boolean emailSubjects, @DefaultValue Map<String, String> clientIssuers) {

}
