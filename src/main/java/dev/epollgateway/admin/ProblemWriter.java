package dev.epollgateway.admin;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes a problem detail straight to a servlet response, for the code that answers before any controller runs
 * (servlet filters, Spring Security's handlers). Stateless apart from the mapper; any thread.
 */
public final class ProblemWriter {

	private final JsonMapper jsonMapper;

	public ProblemWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/** A problem for a status, code and detail, about the request's path. */
	public ProblemDetail problem(HttpServletRequest request, HttpStatus status, ProblemCode code, String detail) {
		ProblemDetail problem = ApiExceptionHandler.problem(status, code, detail);
		problem.setInstance(instance(request.getRequestURI()));
		return problem;
	}

	/** Writes the problem with its status as {@code application/problem+json}, unless the response is committed. */
	public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getOutputStream().write(this.jsonMapper.writeValueAsBytes(problem));
	}

	/** The problem as JSON text. */
	public String json(ProblemDetail problem) {
		return this.jsonMapper.writeValueAsString(problem);
	}

	/** The request path as a problem's {@code instance}; {@code null} when it is no valid URI reference. */
	public static URI instance(String path) {
		if (path == null) {
			return null;
		}
		try {
			return URI.create(path.replace(" ", "%20"));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
