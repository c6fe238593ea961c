package dev.epollgateway.config;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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

	private static final Log logger = LogFactory.getLog(EngineConfiguration.class);

	@Bean
	EpollEngine epollEngine(EngineProperties properties) {
		ConnectionLimit limit = properties.connectionLimit();
		logger.info("max-connections " + limit.value() + ": " + limit.origin());
		return new EpollEngine(properties.toEngineConfig());
	}

	@Bean
	EngineLifecycle engineLifecycle(EpollEngine engine, ApplicationEventPublisher events) {
		return new EngineLifecycle(engine, events);
	}

}
