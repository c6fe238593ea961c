package dev.epollgateway.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/events}: connection and engine events as server-sent events, each named after its type with an
 * {@link EventView} as JSON data. A subscriber that falls too far behind is dropped.
 */
@RestController
@Tag(name = "Events", description = "Live connection and engine events")
public class EventsController {

	private final EventBroadcaster broadcaster;

	public EventsController(EventBroadcaster broadcaster) {
		this.broadcaster = broadcaster;
	}

	@GetMapping(path = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Server-sent events: connection opened/closed/killed, mode switches, pause, resume, drain")
	public SseEmitter events() {
		return this.broadcaster.subscribe();
	}

}
