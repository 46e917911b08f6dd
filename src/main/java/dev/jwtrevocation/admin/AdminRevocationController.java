package dev.jwtrevocation.admin;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import dev.jwtrevocation.problem.ProblemDetailWriter;
import dev.jwtrevocation.problem.ProblemResponses;
import dev.jwtrevocation.problem.ProblemType;
import dev.jwtrevocation.revocation.RevocationReason;
import dev.jwtrevocation.revocation.RevocationStore;
import dev.jwtrevocation.revocation.RevocationTrail;
import dev.jwtrevocation.revocation.TrailEntry;
import dev.jwtrevocation.session.SessionCensus.Census;
import dev.jwtrevocation.token.AccessToken;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.Assert;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator API: revoke by selector with a reason, count first with a dry run, read
 * the audit trail of every revocation, and lift an operator's revocation made by mistake.
 * Only for admins ({@link AdminAccess}): a client with the scope
 * {@code revocation:admin}, or a user listed in {@code admin.usernames}.
 */
@RestController
@RequestMapping("/admin/revocations")
@SecurityRequirement(name = "bearer")
class AdminRevocationController {

	private final OperatorRevocations operator;

	private final RevocationTrail trail;

	AdminRevocationController(OperatorRevocations operator, RevocationStore store) {
		Assert.notNull(operator, "operator cannot be null");
		this.operator = operator;
		this.trail = store.trail();
	}

	@Operation(summary = "Revoke by selector, with a reason; or count first (dry_run)",
			description = "One selector: a user, a session, a client_id, a signing key (kid), an OpenID provider's "
					+ "subject or session, or every token issued before an instant. A real call answers 201 once the "
					+ "revocation is durable and every instance refuses the tokens; a dry run revokes nothing and "
					+ "answers the live sessions and users it would end.")
	@ApiResponse(responseCode = "201", description = "Revoked everywhere; the body is its audit entry")
	@ApiResponse(responseCode = "200", description = "Dry run: what would be revoked")
	@ProblemResponses(value = { ProblemType.INVALID_SELECTOR, ProblemType.VALIDATION_FAILED }, generic = 403)
	@PostMapping
	ResponseEntity<?> revoke(@AuthenticationPrincipal AccessToken caller, @RequestBody RevocationRequest request) {
		OperatorSelector.unknownFields("the body", request.unknown());
		OperatorSelector selector = this.operator.selector(request);
		RevocationReason reason = OperatorRevocations.reason(request.reason());
		if (Boolean.TRUE.equals(request.dryRun())) {
			return ResponseEntity.ok(DryRunView.of(selector, this.operator.count(selector)));
		}
		String id = this.operator.revoke(selector, reason, caller.subject());
		Optional<TrailEntry> entry = (id != null) ? this.trail.find(id) : Optional.empty();
		if (entry.isEmpty()) {
			// revoked everywhere, but the trail could not take it: the audit line has it
			return ResponseEntity.status(201)
				.body(new DryRunView(false, SelectorView.of(selector.describe()), null, null, false,
						"Revoked everywhere; the audit trail could not record it (see the audit log)"));
		}
		return ResponseEntity.created(URI.create("/admin/revocations/" + id)).body(EntryView.of(entry.get()));
	}

	@Operation(summary = "The audit trail: every revocation, newest first",
			description = "Filters by user, selector kind, reason code and time; pages with `before` (the previous "
					+ "page's `next`). One page examines at most 5,000 entries, so a page may hold fewer than "
					+ "`limit` and still have a `next`.")
	@ApiResponse(responseCode = "200", description = "One page")
	@ProblemResponses(value = ProblemType.VALIDATION_FAILED, generic = 403)
	@GetMapping
	PageView list(@RequestParam(required = false) String user, @RequestParam(required = false) String kind,
			@RequestParam(required = false) String reason, @RequestParam(required = false) String since,
			@RequestParam(required = false) String until, @RequestParam(required = false) String before,
			@RequestParam(defaultValue = "20") int limit) {
		if (limit < 1 || limit > 100) {
			throw InvalidRevocationRequestException.invalid("limit must be 1 to 100");
		}
		if (before != null && !TrailEntry.isId(before)) {
			throw InvalidRevocationRequestException.invalid("before must be an entry id, such as the previous next");
		}
		RevocationTrail.Page page = this.trail.read(new RevocationTrail.Query(user, kind, reason,
				instant(since, "since"), instant(until, "until"), before, limit));
		return new PageView(page.entries().stream().map(EntryView::of).toList(), page.next());
	}

	@Operation(summary = "One entry of the audit trail")
	@ApiResponse(responseCode = "200", description = "The entry")
	@ProblemResponses(value = ProblemType.REVOCATION_NOT_FOUND, generic = 403)
	@GetMapping("/{id}")
	EntryView get(@PathVariable String id) {
		return EntryView.of(find(id));
	}

	@Operation(summary = "Lift an operator's revocation made by mistake",
			description = "Deletes what it wrote, unless revoked again since, and answers once no instance refuses "
					+ "on its account. Only an operator's revocation can be lifted, once; the lift is audited.")
	@ApiResponse(responseCode = "200", description = "Lifted everywhere; the body is the lift's audit entry")
	@ProblemResponses(value = { ProblemType.REVOCATION_NOT_FOUND, ProblemType.REVOCATION_NOT_LIFTABLE }, generic = 403)
	@DeleteMapping("/{id}")
	EntryView lift(@AuthenticationPrincipal AccessToken caller, @PathVariable String id) {
		String lift = this.operator.lift(find(id), caller.subject());
		return EntryView.of(this.trail.find(lift).orElseThrow());
	}

	private TrailEntry find(String id) {
		if (!TrailEntry.isId(id)) {
			throw notFound();
		}
		return this.trail.find(id).orElseThrow(AdminRevocationController::notFound);
	}

	private static ErrorResponseException notFound() {
		return new ErrorResponseException(ProblemType.REVOCATION_NOT_FOUND.status(),
				ProblemDetailWriter.problem(ProblemType.REVOCATION_NOT_FOUND,
						"No revocation has this id: never, or the trail no longer keeps it"),
				null);
	}

	private static Long instant(String text, String name) {
		if (text == null) {
			return null;
		}
		try {
			return Instant.parse(text).toEpochMilli();
		}
		catch (DateTimeParseException ex) {
			throw InvalidRevocationRequestException.invalid(name + " must be an instant such as 2026-12-03T10:00:00Z");
		}
	}

	/** What a selector selects, as the trail shows it. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record SelectorView(String kind, String value, String user, String issuer) {

		static SelectorView of(dev.jwtrevocation.revocation.RevocationCause.Selector selector) {
			return new SelectorView(selector.kind(), selector.value(), selector.user(), selector.issuer());
		}

	}

	/** Why, in CAEP's terms. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ReasonView(String code, String admin, String user,
			@JsonProperty("initiating_entity") String initiatingEntity) {

		static ReasonView of(RevocationReason reason) {
			return (reason != null)
					? new ReasonView(reason.code(), reason.admin(), reason.user(), reason.initiatingEntity()) : null;
		}

	}

	/**
	 * One entry of the audit trail: never a token.
	 *
	 * @param affectedSessions the live sessions it ended, {@code null} where it was not
	 * counted (a cutoff for a client or an instant, a key, a provider's)
	 * @param acknowledgedMillis from the write until every instance refused the tokens
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record EntryView(String id, Instant at, String action, String actor, SelectorView selector, ReasonView reason,
			@JsonProperty("affected_sessions") Long affectedSessions,
			@JsonProperty("acknowledged_ms") double acknowledgedMillis, String instance, String lifts,
			@JsonProperty("lifted_by") String liftedBy) {

		static EntryView of(TrailEntry entry) {
			return new EntryView(entry.id(), Instant.ofEpochMilli(entry.atMillis()), entry.action(), entry.actor(),
					new SelectorView(entry.kind(), entry.value(), entry.user(), entry.issuer()),
					ReasonView.of(entry.reason()), (entry.affected() >= 0) ? entry.affected() : null,
					entry.acknowledgedMicros() / 1000.0, entry.instance(), entry.lifts(), entry.liftedBy());
		}

	}

	/** One page of the trail, and where the next starts ({@code before}). */
	record PageView(List<EntryView> entries, String next) {
	}

	/**
	 * What a selector would revoke.
	 *
	 * @param dryRun always {@code true} for a dry run
	 * @param sessions the live sessions it would end, {@code null} where unknown
	 * @param users the users they belong to, {@code null} where unknown
	 * @param exact whether the counts are exact ({@code false}: unknown, or a lower bound
	 * when counting stopped at its deadline)
	 * @param detail what the counts mean here
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record DryRunView(@JsonProperty("dry_run") boolean dryRun, SelectorView selector, Long sessions, Long users,
			boolean exact, String detail) {

		static DryRunView of(OperatorSelector selector, Optional<Census> census) {
			SelectorView view = SelectorView.of(selector.describe());
			if (census.isEmpty()) {
				return new DryRunView(true, view, null, null, false,
						"Unknown: this service does not record which sessions a provider or a signing key holds");
			}
			Census counted = census.get();
			String detail = counted.exact() ? "Live sessions of this service, counted exactly"
					: "At least this many: counting stopped at its deadline";
			if (selector.kind() == OperatorSelector.Kind.CLIENT && counted.sessions() == 0) {
				detail = "No session of this service belongs to this client; its client-credentials tokens are "
						+ "revoked too, and not counted";
			}
			return new DryRunView(true, view, counted.sessions(), counted.users(), counted.exact(), detail);
		}

	}

}
