package dev.epollgateway.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.epollgateway.admin.ApiExceptionHandler;
import dev.epollgateway.admin.ProblemWriter;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The error page of the Actuator port: an error dispatch (an unknown endpoint, a wrong method, a failure in an
 * endpoint) is answered with a problem detail and the code of its status, in place of Spring Boot's own JSON shape,
 * as {@code ProblemErrorController} does on the API's port. Runs only for error dispatches; any container thread.
 */
class ErrorDispatchProblemFilter extends OncePerRequestFilter {

	private final ProblemWriter problems;

	ErrorDispatchProblemFilter(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() != jakarta.servlet.DispatcherType.ERROR) {
			chain.doFilter(request, response);
			return;
		}
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		if (status == null || !status.isError()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		ProblemDetail problem = ApiExceptionHandler.problem(status, ApiExceptionHandler.codeFor(status),
				status.getReasonPhrase());
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		problem.setInstance(ProblemWriter.instance((uri instanceof String path) ? path : null));
		this.problems.write(response, problem);
	}

}
