package dev.epollgateway.actuate;

import java.time.Duration;

import dev.epollgateway.engine.EngineState;
import dev.epollgateway.engine.EpollEngine;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Liveness: UP while every event loop is alive and turning, which it proves by answering a no-op command within the
 * timeout. A stuck loop (or a stopped engine) is DOWN: a fault a restart cures. Part of the {@code liveness} group.
 */
public class EngineLivenessHealthIndicator implements HealthIndicator {

	private final EpollEngine engine;

	private final Duration timeout;

	public EngineLivenessHealthIndicator(EpollEngine engine, Duration timeout) {
		this.engine = engine;
		this.timeout = timeout;
	}

	@Override
	public Health health() {
		EngineState state = this.engine.state();
		Health.Builder builder = (state != EngineState.STOPPED && this.engine.isAlive(this.timeout)) ? Health.up()
				: Health.down();
		return builder.withDetail("state", state.name())
			.withDetail("triggerMode", this.engine.triggerMode().name())
			.withDetail("loops", this.engine.config().loops())
			.build();
	}

}
