package dev.epollgateway.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Under {@link Topology#SHARED_EPOLL}, the lock that makes one loop's own state (its table, queues, acceptor,
 * handler and counters) single-threaded again: the loop's thread holds it for the whole of each turn and lets go
 * only while it sleeps in {@code epoll_wait}.
 * <p>
 * A loop's wake-up {@code eventfd} sits in the one epoll instance like everything else, so another thread may be
 * handed it. That thread serves the wake-up (the loop's commands) itself if the lock is free, which it is while
 * the loop's thread sleeps; otherwise it leaves the wake-up pending, and whoever lets go of the lock next serves
 * it. Other loops' locks are only ever tried, never waited for, so two threads holding their own locks can never
 * wait for each other.
 * <p>
 * Threading: {@link #acquire} and {@link #release} by the loop's own thread; {@link #handOff} from any thread.
 */
final class TurnLock {

	private final ReentrantLock lock = new ReentrantLock();

	private final AtomicBoolean wakeupPending = new AtomicBoolean();

	private final Runnable serveWakeup;

	/** @param serveWakeup what serving the loop's wake-up means; run with the lock held, on whichever thread */
	TurnLock(Runnable serveWakeup) {
		this.serveWakeup = serveWakeup;
	}

	/** The loop's thread starts a turn (it may wait while another thread serves the loop's wake-up). */
	void acquire() {
		this.lock.lock();
	}

	/** The loop's thread ends a turn; a wake-up left pending meanwhile is served before it sleeps. */
	void release() {
		this.lock.unlock();
		serveIfFree();
	}

	/** Whether a wake-up was left pending; clears it (the holder serves it now). */
	boolean takePending() {
		return this.wakeupPending.getAndSet(false);
	}

	/** Another thread was handed the loop's wake-up: serve it now if the lock is free, or leave it pending. */
	void handOff() {
		this.wakeupPending.set(true);
		serveIfFree();
	}

	private void serveIfFree() {
		while (this.wakeupPending.get() && this.lock.tryLock()) {
			try {
				if (this.wakeupPending.getAndSet(false)) {
					this.serveWakeup.run();
				}
			}
			finally {
				this.lock.unlock();
			}
		}
	}

}
