package dev.epollgateway.config;

import dev.epollgateway.engine.EpollEngine;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the engine and the life cycle that starts and drains it. Creating the engine binds nothing: sockets are
 * opened in {@link EngineLifecycle#start()}, so a context refreshed without being started (an AOT or CDS training
 * run) never touches the network.
 */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {

	@Bean
	EpollEngine epollEngine(EngineProperties properties) {
		return new EpollEngine(properties.toEngineConfig());
	}

	@Bean
	EngineLifecycle engineLifecycle(EpollEngine engine, ApplicationEventPublisher events) {
		return new EngineLifecycle(engine, events);
	}

}
