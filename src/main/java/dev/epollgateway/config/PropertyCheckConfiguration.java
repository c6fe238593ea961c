package dev.epollgateway.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the check that fails the start on an unknown {@code gateway.*} property; static, so it runs before the
 * other beans are defined.
 */
@Configuration(proxyBeanMethods = false)
public class PropertyCheckConfiguration {

	@Bean
	static UnknownPropertyCheck unknownPropertyCheck() {
		return new UnknownPropertyCheck();
	}

}
