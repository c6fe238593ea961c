package dev.epollgateway.console;

import dev.epollgateway.engine.EpollEngine;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Wires the console: the statistics sampler feeding its stream, and the page's Content-Security-Policy.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration {

	@Bean
	StatisticsStream statisticsStream(ConsoleProperties properties) {
		return new StatisticsStream(properties.maxStreamSubscribers());
	}

	@Bean
	StatisticsSampler statisticsSampler(EpollEngine engine, ConsoleProperties properties, StatisticsStream stream) {
		return new StatisticsSampler(engine, properties.sampleInterval(), properties.capacity(), stream::publish);
	}

	@Bean
	FilterRegistrationBean<ContentSecurityPolicyFilter> contentSecurityPolicyFilter() {
		FilterRegistrationBean<ContentSecurityPolicyFilter> registration = new FilterRegistrationBean<>(
				new ContentSecurityPolicyFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
