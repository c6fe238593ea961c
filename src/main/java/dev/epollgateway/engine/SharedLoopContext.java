package dev.epollgateway.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine-wide state every loop of one engine shares: connection ids, the count of open connections against
 * {@code max-connections}, the ready-list observer and the event publisher.
 * <p>
 * Threading: thread-safe; the counters are atomics, the observer a volatile reference.
 */
final class SharedLoopContext implements LoopContext {

	private final EngineConfig config;

	private final AtomicLong connectionIds = new AtomicLong();

	private final AtomicInteger activeConnections = new AtomicInteger();

	private final EventPublisher events = new EventPublisher();

	private volatile ReadyListObserver readyListObserver;

	SharedLoopContext(EngineConfig config) {
		this.config = config;
	}

	@Override
	public EngineConfig config() {
		return this.config;
	}

	@Override
	public long nextConnectionId() {
		return this.connectionIds.incrementAndGet();
	}

	@Override
	public boolean reserveConnectionSlot() {
		if (this.activeConnections.incrementAndGet() > this.config.maxConnections()) {
			this.activeConnections.decrementAndGet();
			return false;
		}
		return true;
	}

	@Override
	public void releaseConnectionSlot() {
		this.activeConnections.decrementAndGet();
	}

	@Override
	public void observeWakeup(int readyEvents) {
		ReadyListObserver observer = this.readyListObserver;
		if (observer != null) {
			observer.onWakeup(readyEvents);
		}
	}

	@Override
	public EventPublisher events() {
		return this.events;
	}

	/** Connections holding a slot now, over all loops. */
	int activeConnections() {
		return this.activeConnections.get();
	}

	/** Sets the observer of ready-list sizes; null removes it. */
	void setReadyListObserver(ReadyListObserver observer) {
		this.readyListObserver = observer;
	}

}
