package dev.epollgateway.engine;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.epollgateway.engine.nativeio.Epoll;
import dev.epollgateway.engine.nativeio.NativeIoException;
import dev.epollgateway.engine.nativeio.Sockets;

/**
 * The one epoll instance of {@link Topology#SHARED_EPOLL} and what the loops must share to use it: every connection
 * by id (any thread may be handed any connection, so the lookup cannot be a loop's own table), the loops themselves
 * (a thread handed another loop's wake-up serves it, a thread that closes another loop's connection tells that loop)
 * and the trigger mode every loop's handler applies.
 * <p>
 * Each connection still has a home loop, the one that accepted it: its table, idle expiry, listing and kill, and
 * the connection's counters (accepted, closed, owned now) stay there. Whoever is handed an event does the I/O.
 * <p>
 * No thread can wake one particular other thread out of {@code epoll_wait}, so the loops' deadlines (a linger, a
 * drain, an idle scan) are shared too: each loop publishes its next one, every thread sleeps until the earliest of
 * all, and a thread that wakes past another loop's deadline serves that loop ({@link Member#handOffWakeup}).
 * <p>
 * Threading: thread-safe. The map is concurrent, the loops are set once before any thread starts, the mode is
 * volatile; the epoll instance is closed by the last loop to end.
 */
final class SharedEpoll {

	private final int epfd;

	private final ConcurrentHashMap<Long, Connection> connections = new ConcurrentHashMap<>();

	private final TriggerModeCell mode;

	private volatile List<Member> loops = List.of();

	/** Each loop's next deadline ({@link System#nanoTime()}), {@link Long#MAX_VALUE} for none. */
	private volatile AtomicLongArray deadlines = new AtomicLongArray(0);

	private int users;

	private boolean closed;

	SharedEpoll(TriggerMode mode) throws NativeIoException {
		this.epfd = Epoll.create();
		this.mode = new TriggerModeCell(mode);
	}

	/** A loop's own backend over the one instance. */
	EpollBackend backend(int maxEvents) {
		synchronized (this) {
			this.users++;
		}
		return EpollBackend.viewOf(this.epfd, maxEvents);
	}

	/** The trigger mode every loop applies. */
	TriggerModeCell mode() {
		return this.mode;
	}

	void setLoops(List<? extends Member> loops) {
		AtomicLongArray none = new AtomicLongArray(loops.size());
		for (int i = 0; i < loops.size(); i++) {
			none.set(i, Long.MAX_VALUE);
		}
		this.deadlines = none;
		this.loops = List.copyOf(loops);
	}

	/**
	 * Publishes a loop's next deadline.
	 * @param timeoutMillis from {@code now}, or -1 for none
	 */
	void publishDeadline(int loop, long now, int timeoutMillis) {
		this.deadlines.set(loop, (timeoutMillis < 0) ? Long.MAX_VALUE : now + timeoutMillis * 1_000_000L);
	}

	/** How long a thread may sleep: until the earliest deadline of any loop; -1 when there is none. */
	int sleepMillis(long now) {
		AtomicLongArray all = this.deadlines;
		long earliest = Long.MAX_VALUE;
		for (int i = 0; i < all.length(); i++) {
			earliest = Math.min(earliest, all.get(i));
		}
		if (earliest == Long.MAX_VALUE) {
			return -1;
		}
		// Round up: waking a little late is harmless, waking early spins until the deadline.
		return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (earliest - now + 999_999) / 1_000_000));
	}

	/** Serves every other loop whose deadline has passed (its thread may sleep on a deadline it did not know). */
	void serveDue(int self, long now) {
		AtomicLongArray all = this.deadlines;
		for (int i = 0; i < all.length(); i++) {
			long deadline = all.get(i);
			if (i != self && deadline != Long.MAX_VALUE && now - deadline >= 0) {
				this.loops.get(i).handOffWakeup();
			}
		}
	}

	Member loop(int index) {
		return this.loops.get(index);
	}

	/**
	 * What the one instance needs of each loop that waits on it.
	 * <p>
	 * Threading: both methods from any thread.
	 */
	interface Member {

		/**
		 * Another thread was handed the loop's wake-up, or found its deadline past: serve it at once if the loop's
		 * thread sleeps, else when it ends its turn.
		 */
		void handOffWakeup();

		/** A thread closed one of the loop's connections: the loop forgets it (its table, its counts, its slot). */
		void forgetClosed(Connection connection, CloseReason reason);

	}

	/** The connection with this id, or null when it was closed (its fd may already be someone else's). */
	Connection connection(long id) {
		return this.connections.get(id);
	}

	void add(Connection connection) {
		this.connections.put(connection.id, connection);
	}

	void remove(Connection connection) {
		this.connections.remove(connection.id);
	}

	/** A loop's backend is closed; the last one closes the instance. */
	void release() {
		synchronized (this) {
			if (--this.users > 0 || this.closed) {
				return;
			}
			this.closed = true;
		}
		Sockets.close(this.epfd);
	}

	/** Closes the instance when no loop holds a backend of it (a start that failed early). */
	void releaseUnused() {
		synchronized (this) {
			if (this.users > 0 || this.closed) {
				return;
			}
			this.closed = true;
		}
		Sockets.close(this.epfd);
	}

}
