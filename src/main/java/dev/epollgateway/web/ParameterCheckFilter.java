package dev.epollgateway.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.http.InvalidParameterException;

import dev.epollgateway.admin.ProblemCode;
import dev.epollgateway.admin.ProblemWriter;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Parses the query before anything else reads it, so a malformed one ({@code %ff%fe}, {@code %e} in
 * {@code fe80::1%eth0}) is a 400 {@code INVALID_PARAMETER} problem, logged at DEBUG, instead of Tomcat's
 * {@link InvalidParameterException} surfacing as a 500 with an ERROR and a stack trace from whichever code reads a
 * parameter first: one line per request anyone can send. First in both ports' filter chains; any container thread.
 */
class ParameterCheckFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(ParameterCheckFilter.class);

	private final ProblemWriter problems;

	ParameterCheckFilter(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			request.getParameterMap();
		}
		catch (InvalidParameterException ex) {
			logger.debug("Refused a request with malformed parameters: " + ex.getMessage(), ex);
			this.problems.write(response, this.problems.problem(request, HttpStatus.BAD_REQUEST,
					ProblemCode.INVALID_PARAMETER, "The query string is malformed (" + ex.getMessage() + "): every"
							+ " '%' must start a valid escape of UTF-8 bytes, e.g. %25 for '%' itself"));
			return;
		}
		chain.doFilter(request, response);
	}

}
