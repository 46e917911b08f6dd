package dev.jwtrevocation.revocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.lang.Nullable;

/**
 * One revocation as the audit trail ({@link RevocationTrail}) keeps it.
 *
 * @param id the stream's id: {@code <ms on Redis's clock>-<sequence>}
 * @param action how it came ({@link RevocationCause#action()})
 * @param actor who asked
 * @param kind what kind of selector ({@link RevocationCause.Selector#kind()})
 * @param value the selector's value: a jti, a session id, a username, a client id, a kid,
 * a subject or an instant
 * @param user whose, when one user's (lower case), else {@code null}
 * @param issuer the OpenID provider's, for its subjects and sessions
 * @param reason why, if anyone said
 * @param affected how many live sessions it ended, {@code -1} when not counted
 * @param acknowledgedMicros how long from the write until every mirror confirmed it
 * @param instance the instance that wrote it
 * @param lifts for a lift, the id of the entry it lifted
 * @param keys the revocation keys written and their values, what a lift deletes
 * @param liftedBy the id of the lift that undid it, if any
 * @param session for one token's revocation, the session it belonged to, if known
 */
public record TrailEntry(String id, String action, String actor, String kind, String value, @Nullable String user,
		@Nullable String issuer, @Nullable RevocationReason reason, long affected, long acknowledgedMicros,
		String instance, @Nullable String lifts, List<Written> keys, @Nullable String liftedBy,
		@Nullable String session) {

	private static final Pattern ID = Pattern.compile("[0-9]{1,19}-[0-9]{1,19}");

	public TrailEntry {
		keys = List.copyOf(keys);
	}

	/** When it was written, ms on Redis's clock. */
	public long atMillis() {
		return Long.parseLong(this.id.substring(0, this.id.indexOf('-')));
	}

	@Nullable
	String reasonCode() {
		return (this.reason != null) ? this.reason.code() : null;
	}

	TrailEntry liftedBy(String lift) {
		return new TrailEntry(this.id, this.action, this.actor, this.kind, this.value, this.user, this.issuer,
				this.reason, this.affected, this.acknowledgedMicros, this.instance, this.lifts, this.keys, lift,
				this.session);
	}

	/** The fields the stream holds, those without a value left out. */
	Map<String, String> fields() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("action", this.action);
		fields.put("actor", this.actor);
		fields.put("kind", this.kind);
		fields.put("value", this.value);
		putIfPresent(fields, "user", this.user);
		putIfPresent(fields, "issuer", this.issuer);
		putIfPresent(fields, "session", this.session);
		if (this.reason != null) {
			putIfPresent(fields, "reason", this.reason.code());
			putIfPresent(fields, "reason_admin", this.reason.admin());
			putIfPresent(fields, "reason_user", this.reason.user());
			putIfPresent(fields, "initiating_entity", this.reason.initiatingEntity());
		}
		fields.put("affected", String.valueOf(this.affected));
		fields.put("ack_us", String.valueOf(this.acknowledgedMicros));
		fields.put("instance", this.instance);
		putIfPresent(fields, "lifts", this.lifts);
		StringBuilder keys = new StringBuilder();
		for (Written written : this.keys) {
			keys.append(written.key()).append('\t').append(written.value()).append('\n');
		}
		fields.put("keys", keys.toString());
		return fields;
	}

	static TrailEntry of(MapRecord<String, Object, Object> record) {
		Map<Object, Object> fields = record.getValue();
		String code = text(fields, "reason");
		String admin = text(fields, "reason_admin");
		String user = text(fields, "reason_user");
		String entity = text(fields, "initiating_entity");
		RevocationReason reason = (code != null || admin != null || user != null || entity != null)
				? new RevocationReason(code, admin, user, entity) : null;
		List<Written> keys = new ArrayList<>();
		String lines = text(fields, "keys");
		if (lines != null) {
			for (String line : lines.split("\n")) {
				int tab = line.indexOf('\t');
				if (tab > 0) {
					keys.add(new Written(line.substring(0, tab), line.substring(tab + 1)));
				}
			}
		}
		return new TrailEntry(record.getId().getValue(), text(fields, "action"), text(fields, "actor"),
				text(fields, "kind"), text(fields, "value"), text(fields, "user"), text(fields, "issuer"), reason,
				number(fields, "affected"), number(fields, "ack_us"), text(fields, "instance"), text(fields, "lifts"),
				keys, null, text(fields, "session"));
	}

	/** Whether the text is an entry id. */
	public static boolean isId(@Nullable String id) {
		return id != null && ID.matcher(id).matches();
	}

	/** The id just before this one, {@code null} if none can be. */
	@Nullable
	static String previous(String id) {
		int dash = id.indexOf('-');
		long millis = Long.parseLong(id.substring(0, dash));
		long sequence = Long.parseLong(id.substring(dash + 1));
		if (sequence > 0) {
			return millis + "-" + (sequence - 1);
		}
		return (millis > 0) ? (millis - 1) + "-" + Long.MAX_VALUE : null;
	}

	private static void putIfPresent(Map<String, String> fields, String name, @Nullable String value) {
		if (value != null) {
			fields.put(name, value);
		}
	}

	@Nullable
	private static String text(Map<Object, Object> fields, String name) {
		Object value = fields.get(name);
		return (value != null) ? value.toString() : null;
	}

	private static long number(Map<Object, Object> fields, String name) {
		String value = text(fields, name);
		return (value != null) ? Long.parseLong(value) : -1;
	}

	/**
	 * A revocation key as written.
	 *
	 * @param key its name
	 * @param value what it held when written ({@code ""} when only its presence counts)
	 */
	public record Written(String key, String value) {
	}

}
