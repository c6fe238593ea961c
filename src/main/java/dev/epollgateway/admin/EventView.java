package dev.epollgateway.admin;

import java.time.Instant;

import dev.epollgateway.engine.EngineEvent;

/**
 * One event of {@code GET /api/v1/events}, the {@code data} of a server-sent event named after its type.
 *
 * @param type {@code CONNECTION_OPENED}, {@code CONNECTION_CLOSED}, {@code CONNECTION_KILLED},
 * {@code CONNECTION_REJECTED} (at most one per loop per second, the rest counted into the next),
 * {@code MODE_SWITCHED}, {@code ACCEPT_PAUSED}, {@code ACCEPT_RESUMED}, {@code DRAIN_STARTED},
 * {@code DRAIN_FINISHED}, {@code BACKEND_SWITCHED} or {@code ACCEPT_DISTRIBUTION_SWITCHED}
 * @param at when it happened
 * @param connectionId the connection concerned; null for engine events
 * @param remote the peer as {@code address:port}; null for engine events
 * @param reason why a connection closed ({@code peer_closed}, {@code killed}...) or was rejected
 * ({@code max_connections}, {@code fd_limit}); null otherwise
 * @param detail a short description
 */
public record EventView(String type, Instant at, Long connectionId, String remote, String reason, String detail) {

	static EventView of(EngineEvent event) {
		return new EventView(event.type().name(), event.at(),
				(event.connectionId() != 0) ? event.connectionId() : null, event.remote(),
				reasonTag(event), event.detail());
	}

	private static String reasonTag(EngineEvent event) {
		if (event.reason() != null) {
			return event.reason().tag();
		}
		return (event.rejectReason() != null) ? event.rejectReason().tag() : null;
	}

}
