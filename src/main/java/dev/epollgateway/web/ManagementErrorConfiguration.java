package dev.epollgateway.web;

import jakarta.servlet.DispatcherType;

import dev.epollgateway.admin.ProblemWriter;

import org.springframework.boot.servlet.filter.OrderedRequestContextFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The Actuator port's share of {@link WebErrorConfiguration}, imported into the management child context through
 * {@code META-INF/spring/...ManagementContextConfiguration.imports}: Tomcat's error report valve, the query check, the
 * lockout of addresses that failed to authenticate too often and the problem-detail error page. Deliberately not annotated, so that component scanning of the main context never
 * picks it up (it runs in the child only, where a separate management port is configured).
 */
public class ManagementErrorConfiguration {

	/**
	 * Binds each request to its thread on the Actuator port too, before Spring Security, so that
	 * {@link AuthenticationFailureListener} sees the address and port of a failure there: the child context makes
	 * none of its own, since the main context has one (which serves the API port only).
	 */
	@Bean
	OrderedRequestContextFilter managementRequestContextFilter() {
		return new OrderedRequestContextFilter();
	}

	@Bean
	ProblemReportValveInstaller managementProblemReportValveInstaller(ProblemWriter problems) {
		return new ProblemReportValveInstaller(problems);
	}

	@Bean
	FilterRegistrationBean<RequestCheckFilter> managementRequestCheckFilter(ProblemWriter problems) {
		return WebErrorConfiguration.requestCheck(problems);
	}

	@Bean
	FilterRegistrationBean<LockoutFilter> managementLockoutFilter(AuthenticationFailures failures,
			ProblemWriter problems) {
		return LockoutConfiguration.lockout(failures, problems);
	}

	@Bean
	FilterRegistrationBean<ErrorDispatchProblemFilter> managementErrorDispatchProblemFilter(ProblemWriter problems) {
		FilterRegistrationBean<ErrorDispatchProblemFilter> registration = new FilterRegistrationBean<>(
				new ErrorDispatchProblemFilter(problems));
		registration.setDispatcherTypes(DispatcherType.ERROR);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
