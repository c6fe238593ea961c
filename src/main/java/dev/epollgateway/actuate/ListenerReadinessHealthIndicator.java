package dev.epollgateway.actuate;

import dev.epollgateway.engine.EngineState;
import dev.epollgateway.engine.EpollEngine;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Readiness: UP while the listeners accept; OUT_OF_SERVICE while paused, draining or stopped, so a load balancer
 * sends no new connections while the open ones keep echoing. Part of the {@code readiness} group.
 */
public class ListenerReadinessHealthIndicator implements HealthIndicator {

	private final EpollEngine engine;

	public ListenerReadinessHealthIndicator(EpollEngine engine) {
		this.engine = engine;
	}

	@Override
	public Health health() {
		EngineState state = this.engine.state();
		Status status = (state == EngineState.RUNNING) ? Status.UP : Status.OUT_OF_SERVICE;
		return Health.status(status)
			.withDetail("state", state.name())
			.withDetail("activeConnections", this.engine.activeConnections())
			.withDetail("maxConnections", this.engine.config().maxConnections())
			.build();
	}

}
