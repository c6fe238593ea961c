package dev.epollgateway.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The statistics of one event loop: plain {@code long} slots that only the loop thread writes and any thread may
 * read.
 * <p>
 * Threading: writes are opaque stores by the single loop thread (a plain {@code mov} on x86_64: no fence, no
 * contention); under shared epoll, by whichever thread holds the loop's {@link TurnLock}, one at a time. Readers
 * use opaque loads, so they see each value whole and eventually current, never torn.
 */
final class LoopCounters {

	static final int WAKEUPS = 0;

	static final int EMPTY_WAKEUPS = 1;

	static final int EVENTFD_WAKEUPS = 2;

	static final int EVENTS = 3;

	static final int FULL_EVENT_ARRAYS = 4;

	static final int READY_PENDING_NOW = 5;

	static final int READY_PENDING_QUEUED = 6;

	static final int READY_PENDING_MAX = 7;

	static final int BACKLOG_BYTES = 8;

	static final int BACKLOG_PEAK = 9;

	static final int CONNECTIONS_WITH_BACKLOG = 10;

	static final int PAUSED_READERS = 11;

	static final int READ_PAUSES = 12;

	static final int READS = 13;

	static final int EAGAIN_READS = 14;

	static final int WRITES = 15;

	static final int EAGAIN_WRITES = 16;

	static final int SHORT_WRITES = 17;

	static final int CTL_ADD = 18;

	static final int CTL_MOD = 19;

	static final int CTL_DEL = 20;

	static final int REARMS = 21;

	static final int ACCEPTS = 22;

	static final int BYTES_IN = 23;

	static final int BYTES_OUT = 24;

	static final int MESSAGES = 25;

	static final int ITERATIONS = 26;

	static final int WAIT_NANOS = 27;

	static final int PROCESS_NANOS = 28;

	static final int ACTIVE = 29;

	static final int ACCEPTED = 30;

	static final int STALE_EVENTS = 31;

	/** Readiness events of a listener: wakeups of the accept path. */
	static final int ACCEPT_WAKEUPS = 32;

	/** Accept wakeups whose first {@code accept4} found nothing ({@code EAGAIN}): another loop took the connection. */
	static final int ACCEPT_EMPTY = 33;

	/** First of one slot per {@link CloseReason}. */
	static final int CLOSED = 34;

	/** First of one slot per {@link RejectReason}. */
	static final int REJECTED = CLOSED + CloseReason.values().length;

	/** First of {@link #HISTOGRAM_BUCKETS} slots: events per wakeup, bucket i holds values up to 2^i - 1. */
	static final int HISTOGRAM = REJECTED + RejectReason.values().length;

	static final int HISTOGRAM_BUCKETS = 16;

	/** First of one slot per {@link BackendKind}: wait calls made on that backend. */
	static final int BACKEND_WAITS = HISTOGRAM + HISTOGRAM_BUCKETS;

	/** Per backend: entries handed to the kernel by its wait calls (pollfds, {@code nfds} bits; none for epoll). */
	static final int BACKEND_HANDED = BACKEND_WAITS + BackendKind.values().length;

	/** Per backend: entries scanned in user space to find the ready ones. */
	static final int BACKEND_SCANNED = BACKEND_HANDED + BackendKind.values().length;

	/** Per backend: ready entries its wait calls returned. */
	static final int BACKEND_READY = BACKEND_SCANNED + BackendKind.values().length;

	/** Per backend: nanoseconds inside its wait calls. */
	static final int BACKEND_WAIT_NANOS = BACKEND_READY + BackendKind.values().length;

	/**
	 * First of one slot per {@link TriggerMode} in force: read passes whose first read found nothing
	 * ({@code EAGAIN}), woken for data another pass had taken.
	 */
	static final int DRAINED_READS = BACKEND_WAIT_NANOS + BackendKind.values().length;

	/**
	 * Shared epoll, per trigger mode in force: events this loop's thread was handed for a connection another thread
	 * was reading or writing at that moment (it left them to that owner, see {@link Ownership}).
	 */
	static final int COLLISIONS = DRAINED_READS + TriggerMode.values().length;

	/**
	 * Shared epoll, per trigger mode in force: events handed for a connection whose owner had finished its I/O but
	 * not yet let it go.
	 */
	static final int LATE_HANDOFFS = COLLISIONS + TriggerMode.values().length;

	/** Per trigger mode: ready events the waits returned while it was in force. */
	static final int MODE_EVENTS = LATE_HANDOFFS + TriggerMode.values().length;

	static final int SIZE = MODE_EVENTS + TriggerMode.values().length;

	private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

	private final long[] slots = new long[SIZE];

	/** Adds to a slot; loop thread only. */
	void add(int slot, long delta) {
		SLOTS.setOpaque(this.slots, slot, this.slots[slot] + delta);
	}

	/** Adds one to a slot; loop thread only. */
	void increment(int slot) {
		SLOTS.setOpaque(this.slots, slot, this.slots[slot] + 1);
	}

	/** Sets a gauge slot; loop thread only. */
	void set(int slot, long value) {
		SLOTS.setOpaque(this.slots, slot, value);
	}

	/** Raises a slot to {@code value} when larger; loop thread only. */
	void max(int slot, long value) {
		if (value > this.slots[slot]) {
			SLOTS.setOpaque(this.slots, slot, value);
		}
	}

	/** Counts one wakeup that returned {@code events} events. */
	void recordWakeup(int events) {
		increment(WAKEUPS);
		add(EVENTS, events);
		increment(HISTOGRAM + bucket(events));
	}

	/** Counts one wait call of a backend and what it cost; loop thread only. */
	void recordWait(BackendKind kind, int handed, int ready, long nanos) {
		int backend = kind.ordinal();
		increment(BACKEND_WAITS + backend);
		add(BACKEND_HANDED + backend, handed);
		add(BACKEND_READY + backend, Math.max(0, ready));
		add(BACKEND_WAIT_NANOS + backend, nanos);
	}

	/** Reads a slot from any thread. */
	long get(int slot) {
		return (long) SLOTS.getOpaque(this.slots, slot);
	}

	/**
	 * Folds this loop's slots into engine-wide totals, from any thread: a peak ({@link #BACKLOG_PEAK},
	 * {@link #READY_PENDING_MAX}) combines by maximum, every other slot by sum.
	 * @param totals {@link #SIZE} slots
	 */
	void addTo(long[] totals) {
		for (int slot = 0; slot < SIZE; slot++) {
			long value = get(slot);
			totals[slot] = isPeak(slot) ? Math.max(totals[slot], value) : totals[slot] + value;
		}
	}

	/** Whether a slot holds a loop's highest value so far rather than a count or a gauge. */
	static boolean isPeak(int slot) {
		return slot == BACKLOG_PEAK || slot == READY_PENDING_MAX;
	}

	/** The histogram bucket of a value: 0 for 0, then one bucket per power of two. */
	static int bucket(int value) {
		return Math.min(HISTOGRAM_BUCKETS - 1, 32 - Integer.numberOfLeadingZeros(value));
	}

	/** The largest value bucket {@code index} holds. */
	static long bucketUpperBound(int index) {
		return (index == HISTOGRAM_BUCKETS - 1) ? Long.MAX_VALUE : (1L << index) - 1;
	}

}
