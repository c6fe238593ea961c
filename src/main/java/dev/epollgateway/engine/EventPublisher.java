package dev.epollgateway.engine;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers the engine's events and hands them to its listeners.
 * <p>
 * Every event gets the next number whether or not anyone listens, so the numbers identify events for good: a client
 * that saw event 41 and next sees event 45 knows it missed three. Only the number is taken when nobody listens; a
 * caller asks {@link #next()} first and builds the event's text only when it returns a number, so an engine without
 * listeners formats no address and concatenates no string.
 * <p>
 * Threading: thread-safe; called on loop threads and on the threads that change the engine's state. A listener's
 * failure is swallowed here and never reaches a loop.
 */
final class EventPublisher {

	/** What {@link #next()} returns when nobody listens. */
	static final long NOBODY_LISTENS = 0;

	private final List<EngineEventListener> listeners = new CopyOnWriteArrayList<>();

	private final AtomicLong sequence = new AtomicLong();

	void addListener(EngineEventListener listener) {
		this.listeners.add(listener);
	}

	void removeListener(EngineEventListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Takes the next event number.
	 * @return it when at least one listener is registered, else {@link #NOBODY_LISTENS} (build nothing)
	 */
	long next() {
		long number = this.sequence.incrementAndGet();
		return this.listeners.isEmpty() ? NOBODY_LISTENS : number;
	}

	/** Builds and delivers an event numbered by {@link #next()}. */
	void publish(long sequence, EngineEvent.Type type, long connectionId, String remote, CloseReason reason,
			String detail) {
		publish(sequence, type, connectionId, remote, reason, null, detail);
	}

	/** Builds and delivers an event numbered by {@link #next()}, with a reject reason. */
	void publish(long sequence, EngineEvent.Type type, long connectionId, String remote, CloseReason reason,
			RejectReason rejectReason, String detail) {
		EngineEvent event = new EngineEvent(sequence, type, Instant.now(), connectionId, remote, reason, rejectReason,
				detail);
		for (EngineEventListener listener : this.listeners) {
			try {
				listener.onEvent(event);
			}
			catch (RuntimeException ex) {
				// A listener's failure must never reach the loop.
			}
		}
	}

	/** Numbers an engine-wide event and delivers it, if anyone listens. */
	void publish(EngineEvent.Type type, String detail) {
		long sequence = next();
		if (sequence != NOBODY_LISTENS) {
			publish(sequence, type, 0, null, null, detail);
		}
	}

}
