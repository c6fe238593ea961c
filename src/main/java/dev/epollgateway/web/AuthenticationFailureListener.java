package dev.epollgateway.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Feeds Spring Security's authentication failure events (HTTP Basic on both ports, or any other login) to
 * {@link AuthenticationFailures}, with the address and port of the request that failed, read from the request bound
 * to the HTTP thread that publishes the event.
 */
class AuthenticationFailureListener implements ApplicationListener<AbstractAuthenticationFailureEvent> {

	private final AuthenticationFailures failures;

	AuthenticationFailureListener(AuthenticationFailures failures) {
		this.failures = failures;
	}

	@Override
	public void onApplicationEvent(AbstractAuthenticationFailureEvent event) {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servlet)) {
			return;
		}
		HttpServletRequest request = servlet.getRequest();
		this.failures.record(request.getRemoteAddr(), request.getLocalPort(),
				AuthenticationFailures.reason(event.getException().getClass()));
	}

}
