package dev.epollgateway.web;

import tools.jackson.databind.json.JsonMapper;

import dev.epollgateway.admin.ProblemWriter;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Problem details for what the API port's web server refuses before a controller: Tomcat's error report valve and
 * the query check. The Actuator port gets the same from {@link ManagementErrorConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class WebErrorConfiguration {

	@Bean
	ProblemWriter problemWriter(JsonMapper jsonMapper) {
		return new ProblemWriter(jsonMapper);
	}

	@Bean
	ProblemReportValveInstaller problemReportValveInstaller(ProblemWriter problems) {
		return new ProblemReportValveInstaller(problems);
	}

	@Bean
	FilterRegistrationBean<RequestCheckFilter> requestCheckFilter(ProblemWriter problems) {
		return requestCheck(problems);
	}

	static FilterRegistrationBean<RequestCheckFilter> requestCheck(ProblemWriter problems) {
		FilterRegistrationBean<RequestCheckFilter> registration = new FilterRegistrationBean<>(
				new RequestCheckFilter(problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
