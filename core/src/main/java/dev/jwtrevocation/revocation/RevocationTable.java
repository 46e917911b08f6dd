package dev.jwtrevocation.revocation;

import java.util.concurrent.locks.StampedLock;

/**
 * Revocations by key fingerprint: an open-addressing table of primitive slots (the two
 * fingerprint halves and the expiry: 24 bytes a slot, at most three quarters full, so 32
 * to 64 bytes a revocation; cutoffs also hold their value), instead of a map of key
 * strings (about 155 bytes a revocation).
 * <p>
 * Reads take no lock: they read optimistically and read again under the read lock only if
 * a write happened meanwhile. Writes (pushes, snapshot loads, this instance's own
 * revocations) are serialized by the write lock; a removal shifts the following slots
 * back, so there are no tombstones.
 */
final class RevocationTable {

	/** An expiry that is never reached: the key has no TTL. */
	static final long FOREVER = Long.MAX_VALUE;

	private static final long EMPTY = 0;

	private static final int MIN_CAPACITY = 1 << 10;

	private final StampedLock lock = new StampedLock();

	private final boolean withValues;

	private Slots slots;

	private int size;

	/**
	 * @param withValues whether each key holds a value too (cutoffs: the last issue time
	 * they refuse)
	 */
	RevocationTable(boolean withValues) {
		this.withValues = withValues;
		this.slots = new Slots(MIN_CAPACITY, withValues);
	}

	/**
	 * Whether the key is held and live at {@code now}: Redis removes a key once its clock
	 * is past the expiry, so a key still counts in the millisecond it expires.
	 */
	boolean isLive(long first, long second, long now) {
		long stamp = this.lock.tryOptimisticRead();
		long until = this.slots.until(first, second);
		if (!this.lock.validate(stamp)) {
			stamp = this.lock.readLock();
			try {
				until = this.slots.until(first, second);
			}
			finally {
				this.lock.unlockRead(stamp);
			}
		}
		return until != EMPTY && until >= now;
	}

	/**
	 * Whether a live cutoff is held for the key and refuses a token issued at
	 * {@code issuedAtMillis}.
	 */
	boolean cutsOff(long first, long second, long now, long issuedAtMillis) {
		long stamp = this.lock.tryOptimisticRead();
		boolean cutOff = this.slots.cutsOff(first, second, now, issuedAtMillis);
		if (!this.lock.validate(stamp)) {
			stamp = this.lock.readLock();
			try {
				cutOff = this.slots.cutsOff(first, second, now, issuedAtMillis);
			}
			finally {
				this.lock.unlockRead(stamp);
			}
		}
		return cutOff;
	}

	/** Holds the key until {@code until}, replacing what was held. */
	void put(long first, long second, long until, long value) {
		long stamp = this.lock.writeLock();
		try {
			insert(first, second, until, value);
		}
		finally {
			this.lock.unlockWrite(stamp);
		}
	}

	/**
	 * Holds a cutoff, unless a later one is held: whichever of two racing answers lands
	 * last, the later cutoff wins.
	 */
	void putLaterCutoff(long first, long second, long until, long value) {
		long stamp = this.lock.writeLock();
		try {
			int index = this.slots.indexOf(first, second);
			if (index < 0 || this.slots.value(index) <= value) {
				insert(first, second, until, value);
			}
		}
		finally {
			this.lock.unlockWrite(stamp);
		}
	}

	/** Under the write lock: puts, and doubles the slots past three quarters full. */
	private void insert(long first, long second, long until, long value) {
		if (this.slots.put(first, second, until, value)) {
			this.size++;
			if (this.size > this.slots.capacity() / 4 * 3) {
				this.slots = this.slots.resized(this.slots.capacity() * 2);
			}
		}
	}

	void remove(long first, long second) {
		long stamp = this.lock.writeLock();
		try {
			if (this.slots.remove(first, second)) {
				this.size--;
			}
		}
		finally {
			this.lock.unlockWrite(stamp);
		}
	}

	/**
	 * Drops every key that expired before {@code now}, and shrinks the slots if sparse.
	 */
	void sweep(long now) {
		long stamp = this.lock.writeLock();
		try {
			this.size -= this.slots.removeExpired(now);
			int capacity = this.slots.capacity();
			if (capacity > MIN_CAPACITY && this.size < capacity / 8) {
				this.slots = this.slots.resized(Math.max(MIN_CAPACITY, Integer.highestOneBit(this.size) * 4));
			}
		}
		finally {
			this.lock.unlockWrite(stamp);
		}
	}

	void clear() {
		long stamp = this.lock.writeLock();
		try {
			this.slots = new Slots(MIN_CAPACITY, this.withValues);
			this.size = 0;
		}
		finally {
			this.lock.unlockWrite(stamp);
		}
	}

	/** How many keys are held, expired ones not yet swept included. */
	int size() {
		long stamp = this.lock.readLock();
		try {
			return this.size;
		}
		finally {
			this.lock.unlockRead(stamp);
		}
	}

	/** Heap bytes the slots take, for the benchmarks. */
	long slotBytes() {
		long stamp = this.lock.readLock();
		try {
			return (this.withValues ? 32L : 24L) * this.slots.capacity();
		}
		finally {
			this.lock.unlockRead(stamp);
		}
	}

	/**
	 * Linear probing over parallel arrays; a slot is empty when its expiry is
	 * {@link #EMPTY} (no real expiry is the epoch).
	 */
	private static final class Slots {

		final long[] first;

		final long[] second;

		final long[] until;

		final long[] value;

		final int mask;

		Slots(int capacity, boolean withValues) {
			this.first = new long[capacity];
			this.second = new long[capacity];
			this.until = new long[capacity];
			this.value = withValues ? new long[capacity] : null;
			this.mask = capacity - 1;
		}

		int capacity() {
			return this.mask + 1;
		}

		int indexOf(long first, long second) {
			// the fingerprint is a keyed hash already: any of its bits make a good index
			int index = (int) first & this.mask;
			// a torn read during a resize could see no empty slot: bound the walk
			for (int probes = 0; probes <= this.mask; probes++) {
				long until = this.until[index];
				if (until == EMPTY) {
					return -1;
				}
				if (this.first[index] == first && this.second[index] == second) {
					return index;
				}
				index = (index + 1) & this.mask;
			}
			return -1;
		}

		long until(long first, long second) {
			int index = indexOf(first, second);
			return (index < 0) ? EMPTY : this.until[index];
		}

		boolean cutsOff(long first, long second, long now, long issuedAtMillis) {
			int index = indexOf(first, second);
			return index >= 0 && this.until[index] >= now && issuedAtMillis <= value(index);
		}

		/**
		 * @return whether the key is new
		 */
		boolean put(long first, long second, long until, long value) {
			int index = (int) first & this.mask;
			while (this.until[index] != EMPTY) {
				if (this.first[index] == first && this.second[index] == second) {
					this.until[index] = until;
					setValue(index, value);
					return false;
				}
				index = (index + 1) & this.mask;
			}
			this.first[index] = first;
			this.second[index] = second;
			setValue(index, value);
			this.until[index] = until;
			return true;
		}

		boolean remove(long first, long second) {
			int index = indexOf(first, second);
			if (index < 0) {
				return false;
			}
			shiftBack(index);
			return true;
		}

		int removeExpired(long now) {
			int removed = 0;
			// start after an empty slot, so that no run wraps around behind the sweep
			int start = 0;
			while (this.until[start] != EMPTY) {
				start++;
				if (start > this.mask) {
					start = 0;
					break;
				}
			}
			for (int step = 0, index = start; step <= this.mask; step++) {
				long until = this.until[index];
				if (until != EMPTY && until < now) {
					shiftBack(index);
					removed++;
					// the slot now holds the next one of the run: look at it again
					step--;
					continue;
				}
				index = (index + 1) & this.mask;
			}
			return removed;
		}

		/** Empties a slot and moves later slots of its run back to close the gap. */
		private void shiftBack(int hole) {
			int index = hole;
			while (true) {
				index = (index + 1) & this.mask;
				if (this.until[index] == EMPTY) {
					break;
				}
				int home = (int) this.first[index] & this.mask;
				// move the slot back if its home is not within (hole, index]
				boolean movable = (hole <= index) ? (home <= hole || home > index) : (home <= hole && home > index);
				if (movable) {
					this.first[hole] = this.first[index];
					this.second[hole] = this.second[index];
					setValue(hole, value(index));
					this.until[hole] = this.until[index];
					hole = index;
				}
			}
			this.until[hole] = EMPTY;
			this.first[hole] = 0;
			this.second[hole] = 0;
			setValue(hole, 0);
		}

		long value(int index) {
			return (this.value != null) ? this.value[index] : 0;
		}

		private void setValue(int index, long value) {
			if (this.value != null) {
				this.value[index] = value;
			}
		}

		Slots resized(int capacity) {
			Slots resized = new Slots(capacity, this.value != null);
			for (int i = 0; i <= this.mask; i++) {
				if (this.until[i] != EMPTY) {
					resized.put(this.first[i], this.second[i], this.until[i], value(i));
				}
			}
			return resized;
		}

	}

}
