package dev.epollgateway.engine;

import java.time.Instant;

/**
 * Something that happened in the engine that operators may want to watch live.
 *
 * @param sequence the event's number in its engine: 1 for the first, one more for each later event, whether or not
 * anyone listened to the ones between (0 for an event built outside an engine)
 * @param type what happened
 * @param at when
 * @param connectionId the connection concerned, 0 for engine-wide events
 * @param remote the peer as {@code address:port} for connection events, {@code null} otherwise
 * @param reason why a connection closed, {@code null} for other events
 * @param rejectReason why connections were rejected ({@link Type#CONNECTION_REJECTED}; the most frequent one for a
 * summary of several), {@code null} for other events
 * @param detail a short human-readable description
 */
public record EngineEvent(long sequence, Type type, Instant at, long connectionId, String remote, CloseReason reason,
		RejectReason rejectReason, String detail) {

	/** An event that is not a rejection. */
	public EngineEvent(long sequence, Type type, Instant at, long connectionId, String remote, CloseReason reason,
			String detail) {
		this(sequence, type, at, connectionId, remote, reason, null, detail);
	}

	/** An event without a number (0), for code that builds events outside an engine. */
	public EngineEvent(Type type, Instant at, long connectionId, String remote, CloseReason reason, String detail) {
		this(0, type, at, connectionId, remote, reason, null, detail);
	}

	/** The kinds of event. */
	public enum Type {

		CONNECTION_OPENED, CONNECTION_CLOSED, CONNECTION_KILLED, CONNECTION_REJECTED, MODE_SWITCHED, ACCEPT_PAUSED,
		ACCEPT_RESUMED, DRAIN_STARTED, DRAIN_FINISHED, BACKEND_SWITCHED, ACCEPT_DISTRIBUTION_SWITCHED

	}

}
