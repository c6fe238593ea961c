package dev.epollgateway.engine;

import java.util.Arrays;

/**
 * One loop's connection ids in ascending order, for the default listing: a sorted array in which a removed id leaves
 * a hole until the holes outnumber the live ids and are compacted away.
 * <p>
 * A loop hands out ids in increasing order, so adding one appends (a smaller id, which the loop never adds, is
 * inserted in place); removing one is a binary search; the page after a cursor is a binary search and a walk over
 * the page and the holes in it. Compaction moves each id once per hole that made it necessary, so removal stays O(1)
 * amortised besides the search. A listing of a large table therefore costs what the page costs, not a scan of the
 * table: the loop that builds it is the loop that echoes.
 * <p>
 * Threading: loop thread only.
 */
final class IdOrder {

	/** Compaction waits for at least this many holes, so that a small table is not compacted on every removal. */
	private static final int MIN_HOLES_TO_COMPACT = 32;

	private long[] ids = new long[64];

	private boolean[] removed = new boolean[64];

	/** Slots in use, holes included. */
	private int count;

	private int holes;

	void add(long id) {
		if (this.count > 0 && id <= this.ids[this.count - 1]) {
			insertInPlace(id);
			return;
		}
		ensureRoom();
		this.ids[this.count] = id;
		this.removed[this.count] = false;
		this.count++;
	}

	/** Removes an id that was added and not removed since. */
	void remove(long id) {
		int index = Arrays.binarySearch(this.ids, 0, this.count, id);
		if (index < 0 || this.removed[index]) {
			throw new IllegalStateException("connection id " + id + " is not in the id order");
		}
		this.removed[index] = true;
		this.holes++;
		if (this.holes >= MIN_HOLES_TO_COMPACT && this.holes * 2 > this.count) {
			compact();
		}
	}

	/**
	 * The first {@code limit} ids after {@code afterId} in ascending order, or before it in descending order.
	 * @param afterId ids must be greater than this (less than this when descending)
	 */
	long[] after(long afterId, boolean descending, int limit) {
		long[] page = new long[Math.min(limit, this.count - this.holes)];
		int found = 0;
		if (descending) {
			for (int i = firstAtLeast(afterId) - 1; i >= 0 && found < page.length; i--) {
				if (!this.removed[i]) {
					page[found++] = this.ids[i];
				}
			}
		}
		else {
			for (int i = firstAbove(afterId); i < this.count && found < page.length; i++) {
				if (!this.removed[i]) {
					page[found++] = this.ids[i];
				}
			}
		}
		return (found == page.length) ? page : Arrays.copyOf(page, found);
	}

	/** The index of the first slot whose id is greater than {@code id}, {@code count} when there is none. */
	private int firstAbove(long id) {
		int index = Arrays.binarySearch(this.ids, 0, this.count, id);
		return (index >= 0) ? index + 1 : -index - 1;
	}

	/** The index of the first slot whose id is at least {@code id}, {@code count} when there is none. */
	private int firstAtLeast(long id) {
		int index = Arrays.binarySearch(this.ids, 0, this.count, id);
		return (index >= 0) ? index : -index - 1;
	}

	private void insertInPlace(long id) {
		// room first: a compaction moves the slots, so the search must come after it
		ensureRoom();
		int index = Arrays.binarySearch(this.ids, 0, this.count, id);
		if (index >= 0) {
			if (!this.removed[index]) {
				throw new IllegalStateException("connection id " + id + " is in the id order already");
			}
			this.removed[index] = false;
			this.holes--;
			return;
		}
		int at = -index - 1;
		System.arraycopy(this.ids, at, this.ids, at + 1, this.count - at);
		System.arraycopy(this.removed, at, this.removed, at + 1, this.count - at);
		this.ids[at] = id;
		this.removed[at] = false;
		this.count++;
	}

	private void ensureRoom() {
		if (this.count < this.ids.length) {
			return;
		}
		if (this.holes * 4 >= this.count) {
			compact();
			return;
		}
		this.ids = Arrays.copyOf(this.ids, this.ids.length * 2);
		this.removed = Arrays.copyOf(this.removed, this.removed.length * 2);
	}

	private void compact() {
		int kept = 0;
		for (int i = 0; i < this.count; i++) {
			if (!this.removed[i]) {
				this.ids[kept++] = this.ids[i];
			}
		}
		Arrays.fill(this.removed, 0, this.count, false);
		this.count = kept;
		this.holes = 0;
	}

}
