package dev.epollgateway.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * An error the API answers with a problem detail: an HTTP status, a stable {@link ProblemCode} and a sentence for
 * the operator. Extra properties (the offending parameter, its valid values, the engine's state) are added to the
 * problem as members of their own.
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final ProblemCode code;

	private final Map<String, Object> properties;

	public ApiException(HttpStatus status, ProblemCode code, String detail) {
		this(status, code, detail, Map.of(), null);
	}

	public ApiException(HttpStatus status, ProblemCode code, String detail, Map<String, Object> properties,
			Throwable cause) {
		super(detail, cause);
		this.status = status;
		this.code = code;
		this.properties = new LinkedHashMap<>(properties);
	}

	/**
	 * A 400 for one bad request parameter.
	 * @param code the stable code
	 * @param parameter the query parameter, path variable or body member as the client spelled it
	 * @param validValues what would have been accepted, in words
	 * @param detail the whole sentence, naming the parameter and the valid values
	 */
	public static ApiException badParameter(ProblemCode code, String parameter, String validValues, String detail) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("parameter", parameter);
		properties.put("validValues", validValues);
		return new ApiException(HttpStatus.BAD_REQUEST, code, detail, properties, null);
	}

	public HttpStatus status() {
		return this.status;
	}

	public ProblemCode code() {
		return this.code;
	}

	/** Extra problem members, in insertion order. */
	public Map<String, Object> properties() {
		return this.properties;
	}

}
