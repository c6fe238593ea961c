package dev.epollgateway.config;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import dev.epollgateway.admin.ApiExceptionHandler;
import dev.epollgateway.admin.ProblemCode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers Spring Security's 401 and 403 with the same RFC 9457 problem details as the rest of the API
 * ({@code UNAUTHORIZED}, {@code FORBIDDEN}), on both ports. The 401 keeps the {@code WWW-Authenticate} challenge.
 */
class ProblemSecurityHandler implements AuthenticationEntryPoint, AccessDeniedHandler {

	static final String REALM = "epoll-gateway";

	private final JsonMapper jsonMapper;

	ProblemSecurityHandler(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
		write(request, response, HttpStatus.UNAUTHORIZED, ProblemCode.UNAUTHORIZED,
				"Valid credentials are required: HTTP Basic as viewer, operator or admin");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		String user = (request.getUserPrincipal() != null) ? request.getUserPrincipal().getName() : "this user";
		write(request, response, HttpStatus.FORBIDDEN, ProblemCode.FORBIDDEN, "The role of " + user + " does not allow "
				+ request.getMethod() + " " + request.getRequestURI() + "; see the roles in the API description");
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, ProblemCode code,
			String detail) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		ProblemDetail problem = ApiExceptionHandler.problem(status, code, detail);
		problem.setInstance(java.net.URI.create(request.getRequestURI()));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
