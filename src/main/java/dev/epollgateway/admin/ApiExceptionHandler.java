package dev.epollgateway.admin;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;

import dev.epollgateway.engine.EngineStateException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every error of the admin API with an RFC 9457 problem detail carrying a stable {@code code} member:
 * our own {@link ApiException}s, the engine's state conflicts, and Spring MVC's own exceptions (unknown route,
 * wrong method, unreadable body...), which get the code of their status.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(ApiExceptionHandler.class);

	/** A problem detail for a status, code and detail. */
	public static ProblemDetail problem(HttpStatusCode status, ProblemCode code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(code.type());
		problem.setTitle(code.title());
		problem.setProperty("code", code.name());
		return problem;
	}

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ProblemDetail> handleApiException(ApiException ex) {
		ProblemDetail problem = problem(ex.status(), ex.code(), ex.getMessage());
		ex.properties().forEach(problem::setProperty);
		return ResponseEntity.status(ex.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	@ExceptionHandler(EngineStateException.class)
	ResponseEntity<ProblemDetail> handleEngineStateException(EngineStateException ex) {
		return handleApiException(EngineCalls.conflict(ex));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) throws Exception {
		if (ex instanceof AsyncRequestNotUsableException) {
			// The client of an event stream went away: there is nobody to answer.
			throw ex;
		}
		logger.error("Unexpected error in the admin API", ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemCode.INTERNAL_ERROR,
					"Unexpected error; the service log has the details"));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemCode.MALFORMED_REQUEST_BODY,
				"The request body is not valid JSON for this operation: " + firstLine(ex.getMostSpecificCause()));
		String member = member(ex.getMostSpecificCause());
		if (member != null) {
			problem.setProperty("parameter", member);
		}
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemCode.INVALID_PARAMETER,
				"The parameter '" + ex.getParameterName() + "' is required");
		problem.setProperty("parameter", ex.getParameterName());
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException ex) {
		String type = (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "value";
		return handleApiException(ApiException.badParameter(ProblemCode.INVALID_PARAMETER, ex.getName(), "a " + type,
				"The parameter '" + ex.getName() + "' must be a " + type + " (was '" + ex.getValue() + "')"));
	}

	/**
	 * Gives Spring MVC's own problems (404, 405, 406, 415...) the code of their status, and every problem its media
	 * type whatever the request accepts: negotiated, a problem for a client that accepts only {@code image/png} (or
	 * for an Actuator endpoint, which produces its own types only) would be an empty 406.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			HttpHeaders withType = new HttpHeaders();
			withType.putAll(headers);
			withType.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			headers = withType;
			Map<String, Object> properties = problem.getProperties();
			if (properties == null || !properties.containsKey("code")) {
				ProblemCode code = codeFor(statusCode);
				problem.setType(code.type());
				problem.setProperty("code", code.name());
			}
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	/** The code of a status that no more specific handler gave one. */
	public static ProblemCode codeFor(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> ProblemCode.BAD_REQUEST;
			case 401 -> ProblemCode.UNAUTHORIZED;
			case 403 -> ProblemCode.FORBIDDEN;
			case 404 -> ProblemCode.NOT_FOUND;
			case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
			case 406 -> ProblemCode.NOT_ACCEPTABLE;
			case 409 -> ProblemCode.ENGINE_STATE_CONFLICT;
			case 413, 414, 431 -> ProblemCode.REQUEST_TOO_LARGE;
			case 415 -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
			case 429 -> ProblemCode.TOO_MANY_AUTHENTICATION_FAILURES;
			case 503 -> ProblemCode.ENGINE_UNAVAILABLE;
			default -> ProblemCode.INTERNAL_ERROR;
		};
	}

	/** The body member a Jackson failure is about, {@code null} when it is about no member (broken syntax). */
	private static String member(Throwable ex) {
		if (ex instanceof JacksonException jackson) {
			String name = null;
			for (JacksonException.Reference reference : jackson.getPath()) {
				if (reference.getPropertyName() != null) {
					name = reference.getPropertyName();
				}
			}
			return name;
		}
		return null;
	}

	private static String firstLine(Throwable ex) {
		String message = String.valueOf(ex.getMessage());
		int newline = message.indexOf('\n');
		return (newline >= 0) ? message.substring(0, newline) : message;
	}

}
