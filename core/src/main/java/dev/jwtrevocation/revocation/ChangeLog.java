package dev.jwtrevocation.revocation;

import java.util.ArrayList;
import java.util.List;

import org.springframework.util.Assert;

/**
 * The change log: a capped Redis stream, {@link RevocationKeys#changeLog()}, to which
 * every script that writes or lifts a revocation key appends the key's name, in the same
 * script. A mirror whose connection dropped replays the log from where its copy stood
 * instead of reloading every key ({@link RevocationMirror}); each heartbeat tells it how
 * far the log went when it was written, and once the heartbeat's push arrives the copy
 * holds every change up to there.
 * <p>
 * The log holds names only (the replay reads each key as it is now), one entry per key
 * written, trimmed as it grows ({@code MAXLEN ~}: it holds at most {@link #maxEntries()}
 * and one stream node, 100 entries, more). A mirror away for longer than the log reaches
 * back reloads. So does one that finds another server (a restart, a failover) or a log
 * that was flushed.
 * <p>
 * Off on a Redis Cluster, where one script may touch one slot only and revocation keys
 * live in every slot: there every reconnect reloads. Keys written by hand under
 * {@link RevocationKeys#prefix()} are not logged either: a mirror whose connection was
 * down at that moment sees them at its next reload.
 */
public final class ChangeLog {

	/**
	 * The most entries it keeps unless {@code revocation.change-log.max-entries} says.
	 */
	public static final long DEFAULT_MAX_ENTRIES = 100_000;

	private final String key;

	private final long maxEntries;

	private ChangeLog(String key, long maxEntries) {
		this.key = key;
		this.maxEntries = maxEntries;
	}

	/**
	 * A log that keeps {@code maxEntries} entries; {@code 0} turns it off.
	 */
	public static ChangeLog of(RevocationKeys keys, long maxEntries) {
		Assert.notNull(keys, "keys cannot be null");
		Assert.isTrue(maxEntries >= 0, "maxEntries cannot be negative");
		return new ChangeLog(keys.changeLog(), maxEntries);
	}

	/** No log: every script is told not to append, and every reconnect reloads. */
	public static ChangeLog off(RevocationKeys keys) {
		return of(keys, 0);
	}

	/** The most entries it keeps; {@code 0} when it is off. */
	public long maxEntries() {
		return this.maxEntries;
	}

	public boolean isOn() {
		return this.maxEntries > 0;
	}

	/**
	 * A revoking script's keys with the log's after them: the log itself, or, when it is
	 * off, the script's first key again, which stands in for it in the same slot and is
	 * not appended to.
	 */
	List<String> keys(List<String> keys) {
		Assert.notEmpty(keys, "a revoking script names the key it writes first");
		List<String> all = new ArrayList<>(keys.size() + 1);
		all.addAll(keys);
		all.add(isOn() ? this.key : keys.get(0));
		return all;
	}

	/**
	 * A revoking script's arguments with the log's after them: how many entries it keeps,
	 * {@code "0"} when it is off.
	 */
	List<String> args(List<String> args) {
		List<String> all = new ArrayList<>(args.size() + 1);
		all.addAll(args);
		all.add(String.valueOf(this.maxEntries));
		return all;
	}

	@Override
	public String toString() {
		return isOn() ? "ChangeLog[" + this.key + ", " + this.maxEntries + " entries]" : "ChangeLog[off]";
	}

}
