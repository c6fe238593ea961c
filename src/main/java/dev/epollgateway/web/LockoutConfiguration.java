package dev.epollgateway.web;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import dev.epollgateway.admin.ProblemWriter;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Counting, logging and limiting failed authentications: the tracker, the listener that feeds it and the filter
 * that refuses a locked-out address on the API port (the Actuator port's filter is in
 * {@link ManagementErrorConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
public class LockoutConfiguration {

	/** Just after the query check, before Spring Security. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

	@Bean
	AuthenticationFailures authenticationFailures(LockoutProperties properties, MeterRegistry meters) {
		return new AuthenticationFailures(properties, meters, Clock.systemUTC());
	}

	@Bean
	AuthenticationFailureListener authenticationFailureListener(AuthenticationFailures failures) {
		return new AuthenticationFailureListener(failures);
	}

	@Bean
	FilterRegistrationBean<LockoutFilter> lockoutFilter(AuthenticationFailures failures, ProblemWriter problems) {
		return lockout(failures, problems);
	}

	static FilterRegistrationBean<LockoutFilter> lockout(AuthenticationFailures failures, ProblemWriter problems) {
		FilterRegistrationBean<LockoutFilter> registration = new FilterRegistrationBean<>(
				new LockoutFilter(failures, problems));
		registration.setOrder(ORDER);
		return registration;
	}

}
