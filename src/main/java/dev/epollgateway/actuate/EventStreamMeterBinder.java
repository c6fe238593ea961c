package dev.epollgateway.actuate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.epollgateway.admin.EventBroadcaster;

/**
 * The event stream's meters ({@code GET /api/v1/events}): {@code gateway.events.subscribers} (subscribers now) and
 * {@code gateway.events.subscribers.dropped} (subscribers disconnected because they fell a whole queue behind).
 * Read from the {@link EventBroadcaster}'s atomic counters when a registry asks, on any thread.
 */
public class EventStreamMeterBinder implements MeterBinder {

	private final EventBroadcaster broadcaster;

	public EventStreamMeterBinder(EventBroadcaster broadcaster) {
		this.broadcaster = broadcaster;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("gateway.events.subscribers", this.broadcaster, EventBroadcaster::subscribers)
			.description("Event-stream subscribers connected now")
			.register(registry);
		FunctionCounter
			.builder("gateway.events.subscribers.dropped", this.broadcaster, EventBroadcaster::droppedSubscribers)
			.description("Event-stream subscribers dropped because they fell a whole queue behind")
			.register(registry);
	}

}
