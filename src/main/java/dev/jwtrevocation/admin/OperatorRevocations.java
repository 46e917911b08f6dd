package dev.jwtrevocation.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.jwtrevocation.oidc.ProviderRevocations;
import dev.jwtrevocation.revocation.Receipt;
import dev.jwtrevocation.revocation.RevocationCause;
import dev.jwtrevocation.revocation.RevocationReason;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.revocation.TokenLifetimes;
import dev.jwtrevocation.revocation.TrailEntry;
import dev.jwtrevocation.session.SessionCensus;
import dev.jwtrevocation.session.SessionCensus.Census;
import dev.jwtrevocation.session.SessionService;
import dev.jwtrevocation.token.JwtProperties;

import org.springframework.stereotype.Service;
import org.springframework.util.Assert;

/**
 * What an operator asks of the revocation core: count what a selector would revoke, or
 * revoke it with a reason, or lift an operator's revocation. Every real call goes through
 * the same core as a logout: it answers once the revocation is durable and every mirror
 * confirmed it, and the audit trail records it.
 * <p>
 * Costs: a user or a session costs one key; a client or an instant costs one key whatever
 * the number of tokens (a cutoff), which is why a real call does not count them and a dry
 * run does ({@link SessionCensus}, bounded by a deadline).
 */
@Service
class OperatorRevocations {

	private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

	private static final Set<String> INITIATING_ENTITIES = Set.of("admin", "user", "policy", "system");

	private static final int MAX_TEXT = 1_000;

	/** How long a dry run may count sessions before it answers with a lower bound. */
	static final Duration COUNT_BUDGET = Duration.ofSeconds(10);

	private final RevocationStore store;

	private final SessionService sessions;

	private final SessionCensus census;

	private final ProviderRevocations providers;

	private final TokenLifetimes lifetimes;

	private final String firstPartyClient;

	private final Clock clock;

	OperatorRevocations(RevocationStore store, SessionService sessions, SessionCensus census,
			ProviderRevocations providers, TokenLifetimes lifetimes, JwtProperties jwt, Clock clock) {
		Assert.notNull(store, "store cannot be null");
		this.store = store;
		this.sessions = sessions;
		this.census = census;
		this.providers = providers;
		this.lifetimes = lifetimes;
		this.firstPartyClient = jwt.clientId();
		this.clock = clock;
	}

	/** Parses and validates a request's selector against this instance's clock. */
	OperatorSelector selector(RevocationRequest request) {
		OperatorSelector selector = OperatorSelector.parse(request.selector(), this.clock.instant());
		if ((selector.kind() == OperatorSelector.Kind.ISSUER_SUBJECT
				|| selector.kind() == OperatorSelector.Kind.ISSUER_SESSION)
				&& !this.providers.isConfigured(selector.issuer())) {
			throw InvalidRevocationRequestException.invalid("issuer is not one of oidc.providers");
		}
		return selector;
	}

	/**
	 * What the selector would revoke, revoking nothing.
	 * @return the live sessions and users it would end; empty where nobody can know (a
	 * provider's sessions, the tokens a key signed)
	 */
	Optional<Census> count(OperatorSelector selector) {
		return switch (selector.kind()) {
			case USER -> Optional.of(this.census.ofUser(selector.user()));
			case SESSION -> Optional.of(this.census.ofSession(selector.user(), selector.sessionId()));
			case CLIENT -> Optional.of(this.firstPartyClient.equals(selector.clientId())
					? this.census.ofAll((started) -> true, COUNT_BUDGET) : new Census(0, 0, true));
			case BEFORE -> {
				long before = selector.issuedBefore().toEpochMilli();
				yield Optional.of(this.census.ofAll((started) -> started <= before, COUNT_BUDGET));
			}
			case KEY, ISSUER_SUBJECT, ISSUER_SESSION -> Optional.empty();
		};
	}

	/**
	 * Revokes what the selector selects and returns once every mirror confirmed it.
	 * @param actor who asks: the operator's username or client id
	 * @return the trail's entry
	 */
	String revoke(OperatorSelector selector, RevocationReason reason, String actor) {
		long affected = switch (selector.kind()) {
			case USER -> this.census.ofUser(selector.user()).sessions();
			case SESSION -> this.census.ofSession(selector.user(), selector.sessionId()).sessions();
			default -> -1;
		};
		RevocationCause cause = new RevocationCause(RevocationCause.OPERATOR, actor, reason, selector.describe(),
				affected);
		String entry = switch (selector.kind()) {
			case USER -> this.store.revokeAllIssuedUntilNow(selector.user(), cause).entry();
			case SESSION -> {
				Receipt<Boolean> ended = this.sessions.end(selector.user(), selector.sessionId(), cause);
				yield (ended.entry() != null) ? ended.entry() : this.store.recordUnchanged(cause);
			}
			case CLIENT -> this.store.revokeClient(selector.clientId(), cause).entry();
			case KEY -> this.store.revokeSigningKey(selector.kid(), this.lifetimes.cutoff(), cause);
			case ISSUER_SUBJECT -> this.providers.revokeSubject(selector.issuer(), selector.subject(), cause);
			case ISSUER_SESSION -> this.providers.revokeSession(selector.issuer(), selector.sessionId(), cause);
			case BEFORE -> this.store.revokeAllIssuedBefore(selector.issuedBefore().toEpochMilli(), cause).entry();
		};
		return entry;
	}

	/**
	 * Lifts an operator's revocation.
	 * @return the lift's entry
	 * @throws LiftRefusedException if the entry is not an operator's, or was lifted
	 */
	String lift(TrailEntry entry, String actor) {
		if (!RevocationCause.OPERATOR.equals(entry.action())) {
			throw new LiftRefusedException(
					"Only an operator's revocation can be lifted; this one came from " + entry.action());
		}
		if (entry.liftedBy() != null) {
			throw new LiftRefusedException("It was lifted already, by " + entry.liftedBy());
		}
		String lift = this.store.lift(entry, new RevocationCause(RevocationCause.LIFT, actor,
				new RevocationReason("lifted", null, null, "admin"), null, -1));
		if (lift == null) {
			throw new LiftRefusedException("It was lifted already");
		}
		return lift;
	}

	/**
	 * Validates a request's reason: a code is required.
	 * @throws InvalidRevocationRequestException if it is missing or malformed
	 */
	static RevocationReason reason(RevocationRequest.ReasonBody body) {
		if (body == null || body.code() == null) {
			throw InvalidRevocationRequestException.invalid("reason.code is required");
		}
		OperatorSelector.unknownFields("reason", body.unknown());
		if (!CODE.matcher(body.code()).matches()) {
			throw InvalidRevocationRequestException.invalid("reason.code must match " + CODE.pattern());
		}
		text(body.admin(), "reason.admin");
		text(body.user(), "reason.user");
		String entity = (body.initiatingEntity() != null) ? body.initiatingEntity() : "admin";
		if (!INITIATING_ENTITIES.contains(entity)) {
			throw InvalidRevocationRequestException
				.invalid("reason.initiating_entity must be one of admin, user, policy, system");
		}
		return new RevocationReason(body.code(), body.admin(), body.user(), entity);
	}

	private static void text(String text, String name) {
		if (text != null && (text.isBlank() || text.length() > MAX_TEXT)) {
			throw InvalidRevocationRequestException.invalid(name + " must be 1 to " + MAX_TEXT + " characters");
		}
	}

}
