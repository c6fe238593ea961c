package dev.epollgateway.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ownership guard of one connection under {@link Topology#SHARED_EPOLL}, where any thread's {@code epoll_wait}
 * may hand out any connection: at most one thread (the owner) works on the connection at a time, and a thread that
 * arrives while another owns it leaves what it brought (its event bits, or an operator's request) for the owner and
 * goes on. The owner takes what was left before it lets go, so nothing is read out of order, lost or done twice.
 * <p>
 * This is the work-in-progress counter of lock-free queues drains: {@link #arrive} adds one to the count and the
 * arrival that found it at zero becomes the owner; the owner subtracts what it has served ({@link #leave}) and
 * goes round again while arrivals remain.
 * <p>
 * Threading: {@link #arrive} from any thread; the rest by the owner only. {@link #inIo} is a hint others read to
 * classify an arrival (a collision while the owner reads or writes, a late hand-off once it has finished its I/O).
 */
final class Ownership {

	/** Request bits beside epoll's event bits, never set by the kernel (its bits stay below 1 << 16 here). */
	static final int REARM = 1 << 20;

	static final int KILL_ABORT = 1 << 21;

	static final int KILL_GRACEFUL = 1 << 22;

	static final int DRAIN = 1 << 23;

	static final int FORCE_CLOSE = 1 << 24;

	static final int LINGER_EXPIRED = 1 << 25;

	static final int IDLE_CHECK = 1 << 26;

	/** Every request bit. */
	static final int REQUESTS = REARM | KILL_ABORT | KILL_GRACEFUL | DRAIN | FORCE_CLOSE | LINGER_EXPIRED | IDLE_CHECK;

	private final AtomicInteger arrivals = new AtomicInteger();

	private final AtomicInteger left = new AtomicInteger();

	/** Arrivals the owner has counted but not yet subtracted, kept while it holds the connection between turns. */
	int held;

	/** The owner is reading or writing the connection now (set and cleared by the owner). */
	volatile boolean inIo;

	/**
	 * One arrival with its bits.
	 * @return true when the caller is now the owner and must serve the connection, then {@link #leave}
	 */
	boolean arrive(int bits) {
		this.left.getAndAccumulate(bits, (a, b) -> a | b);
		return this.arrivals.getAndIncrement() == 0;
	}

	/** The owner takes every bit left so far. */
	int take() {
		return this.left.getAndSet(0);
	}

	/**
	 * The owner has served {@code served} arrivals.
	 * @return the arrivals that came meanwhile; 0 means the connection is free
	 */
	int leave(int served) {
		return this.arrivals.addAndGet(-served);
	}

}
