package dev.epollgateway.admin;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import dev.epollgateway.engine.EpollEngine;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the admin API: bounded waits on the engine, the HTTP threads' priority, the event fan-out and the OpenAPI
 * description.
 */
@Configuration(proxyBeanMethods = false)
public class AdminConfiguration {

	@Bean
	EngineCalls engineCalls(AdminProperties properties) {
		return new EngineCalls(properties.engineCallTimeout());
	}

	@Bean
	WorkerPriority workerPriority(AdminProperties properties) {
		return new WorkerPriority(properties.workerNice(), properties.workerPolicy());
	}

	@Bean
	EventBroadcaster eventBroadcaster(EpollEngine engine, AdminProperties properties) {
		return new EventBroadcaster(engine, properties);
	}

	@Bean
	StrictJsonBinding strictJsonBinding() {
		return new StrictJsonBinding();
	}

	@Bean
	OpenAPI gatewayOpenApi() {
		return new OpenAPI()
			.info(new Info().title("epoll-gateway admin API")
				.version("v1")
				.description("List and kill connections, switch the epoll trigger mode live, pause, resume and drain."
						+ " Errors are RFC 9457 problem details with a stable 'code'. Roles: VIEWER reads, OPERATOR"
						+ " kills, pauses, resumes and drains, ADMIN switches the trigger mode."))
			.components(new Components().addSecuritySchemes("basic",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
			.addSecurityItem(new SecurityRequirement().addList("basic"));
	}

}
