package dev.epollgateway.actuate;

import java.time.Duration;

import dev.epollgateway.admin.AdminProperties;
import dev.epollgateway.admin.EventBroadcaster;
import dev.epollgateway.engine.EpollEngine;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the engine's Actuator endpoint, health indicators and meters. The health indicators' bean names give
 * their names in the health groups: {@code epollEngine} (liveness) and {@code epollListener} (readiness).
 */
@Configuration(proxyBeanMethods = false)
public class ActuateConfiguration {

	/** How long the liveness check waits for every loop to answer a no-op. */
	private static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(2);

	@Bean
	EpollEndpoint epollEndpoint(EpollEngine engine, AdminProperties properties) {
		return new EpollEndpoint(engine, properties.engineCallTimeout());
	}

	@Bean
	EngineLivenessHealthIndicator epollEngineHealthIndicator(EpollEngine engine) {
		return new EngineLivenessHealthIndicator(engine, LIVENESS_TIMEOUT);
	}

	@Bean
	ListenerReadinessHealthIndicator epollListenerHealthIndicator(EpollEngine engine) {
		return new ListenerReadinessHealthIndicator(engine);
	}

	@Bean
	EngineMeterBinder engineMeterBinder(EpollEngine engine) {
		return new EngineMeterBinder(engine);
	}

	@Bean
	EngineChecksMeterBinder engineChecksMeterBinder(EpollEngine engine,
			EngineLivenessHealthIndicator epollEngineHealthIndicator) {
		// A stuck loop delays a scrape by at most twice the liveness timeout, well inside a scrape timeout.
		return new EngineChecksMeterBinder(engine, epollEngineHealthIndicator, LIVENESS_TIMEOUT);
	}

	@Bean
	EventStreamMeterBinder eventStreamMeterBinder(EventBroadcaster broadcaster) {
		return new EventStreamMeterBinder(broadcaster);
	}

}
