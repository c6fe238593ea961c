package dev.epollgateway.admin;

import java.net.URI;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page of the admin port, in place of Boot's {@code BasicErrorController}: errors that never reached a
 * controller (a URL the security firewall rejects, a failure in a filter, a {@code sendError} from the container)
 * are answered with a problem detail and a code too, never with an HTML page or Boot's own JSON shape.
 */
@RestController
@Hidden
public class ProblemErrorController implements ErrorController {

	@RequestMapping("${spring.web.error.path:${error.path:/error}}")
	public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		if (status == null || !status.isError()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		ProblemDetail problem = ApiExceptionHandler.problem(status, ApiExceptionHandler.codeFor(status),
				status.getReasonPhrase());
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String path) {
			problem.setInstance(URI.create(path.replace(" ", "%20")));
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
