package dev.epollgateway.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.epollgateway.admin.ProblemCode;
import dev.epollgateway.admin.ProblemWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 {@code TOO_MANY_AUTHENTICATION_FAILURES} with {@code Retry-After} to an address that
 * {@link AuthenticationFailures} has locked out, before any credential is checked, on both ports; the health probes
 * ({@code /actuator/health} and below) stay open, so a locked-out node still reports its pod healthy. Any container
 * thread.
 */
class LockoutFilter extends OncePerRequestFilter {

	private static final String HEALTH = "/actuator/health";

	private final AuthenticationFailures failures;

	private final ProblemWriter problems;

	LockoutFilter(AuthenticationFailures failures, ProblemWriter problems) {
		this.failures = failures;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Duration locked = this.failures.lockedFor(request.getRemoteAddr());
		if (locked.isZero() || locked.isNegative() || isHealthProbe(request)) {
			chain.doFilter(request, response);
			return;
		}
		long seconds = Math.max(1, (locked.toMillis() + 999) / 1000);
		response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
		ProblemDetail problem = this.problems.problem(request, HttpStatus.TOO_MANY_REQUESTS,
				ProblemCode.TOO_MANY_AUTHENTICATION_FAILURES, "Too many failed authentications from this address;"
						+ " retry in " + seconds + " s");
		problem.setProperty("retryAfterSeconds", seconds);
		this.problems.write(response, problem);
	}

	private static boolean isHealthProbe(HttpServletRequest request) {
		String path = request.getRequestURI();
		return path.equals(HEALTH) || path.startsWith(HEALTH + "/");
	}

}
