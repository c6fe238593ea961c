package dev.epollgateway.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under {@link Topology#SHARED_EPOLL}, how one loop's thread works on connections that any thread's
 * {@code epoll_wait} may hand out: through each connection's {@link Ownership} guard, so that one thread at a time
 * reads, writes and re-arms it. An event that finds the connection owned is left to the owner and counted: a
 * collision while the owner is reading or writing (level and edge triggering allow it; {@code EPOLLONESHOT} does
 * not, since the kernel reports nothing until the owner re-arms), a late hand-off once the owner has finished its
 * I/O and is re-arming or letting go.
 * <p>
 * Operators' and timers' requests (kill, drain, a mode switch's re-arm, the linger and idle deadlines) go through
 * the same guard as {@link Ownership} request bits, so the owner applies them in turn with its own events.
 * <p>
 * Threading: one per loop, used by whichever thread holds the loop's {@link TurnLock}; it works with that loop's
 * {@link ConnectionHandler} (its read buffer, counters and queues).
 */
final class OwnedDispatch {

	private static final Logger logger = LoggerFactory.getLogger(OwnedDispatch.class);

	private final ConnectionHandler handler;

	private final LoopCounters counters;

	private final long idleTimeoutNanos;

	OwnedDispatch(ConnectionHandler handler, LoopCounters counters, long idleTimeoutNanos) {
		this.handler = handler;
		this.counters = counters;
		this.idleTimeoutNanos = idleTimeoutNanos;
	}

	/** An event {@code epoll_wait} handed this thread. */
	void onEvent(Connection connection, int events) {
		Ownership ownership = connection.ownership;
		if (ownership.arrive(events)) {
			serve(connection, 1);
		}
		else {
			this.counters.increment((ownership.inIo ? LoopCounters.COLLISIONS : LoopCounters.LATE_HANDOFFS)
					+ this.handler.mode().ordinal());
		}
	}

	/** A request ({@link Ownership#REQUESTS}): applied now if the connection is free, else by its owner. */
	void request(Connection connection, int request) {
		if (connection.ownership.arrive(request)) {
			serve(connection, 1);
		}
	}

	/** A connection this thread kept owning on its ready-pending queue comes off it. */
	void resume(Connection connection) {
		Ownership ownership = connection.ownership;
		int served = ownership.held;
		if (!connection.closed) {
			ownership.inIo = true;
			try {
				this.handler.onReadyPending(connection);
			}
			catch (RuntimeException ex) {
				contain(connection, ex);
			}
			finally {
				ownership.inIo = false;
			}
		}
		if (keeps(connection)) {
			return;
		}
		int more = ownership.leave(served);
		if (more != 0) {
			serve(connection, more);
		}
	}

	/**
	 * Serves what was left for the connection until no arrival remains; a connection that goes on this thread's
	 * ready-pending queue stays owned until the queue serves it ({@link #resume}).
	 */
	private void serve(Connection connection, int served) {
		Ownership ownership = connection.ownership;
		while (true) {
			int bits = ownership.take();
			if (!connection.closed && bits != 0) {
				work(connection, bits);
			}
			if (keeps(connection)) {
				ownership.held = served;
				return;
			}
			served = ownership.leave(served);
			if (served == 0) {
				return;
			}
		}
	}

	private static boolean keeps(Connection connection) {
		return !connection.closed && connection.pendingQueued;
	}

	private void work(Connection connection, int bits) {
		Ownership ownership = connection.ownership;
		int events = bits & ~Ownership.REQUESTS;
		ownership.inIo = true;
		try {
			if (events != 0) {
				this.handler.onEvent(connection, events);
			}
			if ((bits & Ownership.REQUESTS) != 0 && !connection.closed) {
				apply(connection, bits);
			}
		}
		catch (RuntimeException ex) {
			contain(connection, ex);
		}
		finally {
			ownership.inIo = false;
		}
	}

	private void apply(Connection connection, int requests) {
		if ((requests & Ownership.FORCE_CLOSE) != 0) {
			this.handler.close(connection, CloseReason.DRAINED);
		}
		else if ((requests & Ownership.KILL_ABORT) != 0) {
			this.handler.abort(connection, CloseReason.KILLED);
		}
		else if ((requests & Ownership.LINGER_EXPIRED) != 0) {
			this.handler.close(connection,
					(connection.closeReason != null) ? connection.closeReason : CloseReason.DRAINED);
		}
		else if ((requests & Ownership.IDLE_CHECK) != 0
				&& System.nanoTime() - connection.lastActivityNanos >= this.idleTimeoutNanos) {
			if (logger.isDebugEnabled()) {
				logger.debug("idle timeout for id {}", connection.id);
			}
			this.handler.close(connection, CloseReason.IDLE_TIMEOUT);
		}
		else if ((requests & Ownership.KILL_GRACEFUL) != 0) {
			this.handler.beginGracefulClose(connection, CloseReason.KILLED);
		}
		else if ((requests & Ownership.DRAIN) != 0) {
			this.handler.beginGracefulClose(connection, CloseReason.DRAINED);
		}
		if ((requests & Ownership.REARM) != 0) {
			// A trigger-mode switch: the mask its state calls for under the mode now in force.
			this.handler.updateInterest(connection);
		}
	}

	private void contain(Connection connection, RuntimeException ex) {
		logger.error("Closing connection {} after an unexpected failure", connection.id, ex);
		this.handler.close(connection, CloseReason.ERROR);
	}

}
