package dev.epollgateway.admin;

import java.net.URI;
import java.util.Locale;

/**
 * The stable machine-readable codes of the API's problem details ({@code "code"} member). Clients switch on these,
 * never on titles or details, so a code is never renamed once released.
 */
public enum ProblemCode {

	/** 400: {@code mode} is not level, edge or oneshot. */
	INVALID_TRIGGER_MODE("Invalid trigger mode"),

	/** 400: {@code backend} is not epoll, poll or select. */
	INVALID_BACKEND("Invalid readiness backend"),

	/** 400: {@code distribution} is not reuseport, shared or exclusive. */
	INVALID_ACCEPT_DISTRIBUTION("Invalid accept distribution"),

	/** 400: {@code mode} is not graceful or abort. */
	INVALID_KILL_MODE("Invalid kill mode"),

	/** 400: {@code remote} is not an IP address or CIDR block. */
	INVALID_ADDRESS_RANGE("Invalid address range"),

	/** 400: {@code limit} is not between 1 and 1000. */
	INVALID_LIMIT("Invalid page size"),

	/** 400: {@code sort} names no sortable field. */
	INVALID_SORT("Invalid sort"),

	/** 400: {@code cursor} is not the nextCursor of a page with the same sort. */
	INVALID_CURSOR("Invalid cursor"),

	/** 400: a connection id is not a positive number. */
	INVALID_CONNECTION_ID("Invalid connection id"),

	/** 400: another parameter is not a valid value (a negative duration, a word for a number...). */
	INVALID_PARAMETER("Invalid parameter"),

	/** 400: a kill names no target: no filter and no explicit {@code "all": true}. */
	KILL_FILTER_REQUIRED("Kill filter required"),

	/** 400: the request body is not the JSON the operation expects. */
	MALFORMED_REQUEST_BODY("Malformed request body"),

	/** 400: a request malformed before it reached an operation (a URL the firewall rejects, for example). */
	BAD_REQUEST("Bad request"),

	/** 401: no or wrong credentials. */
	UNAUTHORIZED("Authentication required"),

	/** 403: the user's role does not allow the operation. */
	FORBIDDEN("Operation not allowed for this role"),

	/** 404: no connection with that id. */
	CONNECTION_NOT_FOUND("Connection not found"),

	/** 404: no such route. */
	NOT_FOUND("Not found"),

	/** 405: the route exists but not with this method. */
	METHOD_NOT_ALLOWED("Method not allowed"),

	/** 406: the client accepts no representation we produce. */
	NOT_ACCEPTABLE("Not acceptable"),

	/** 415: the body is not JSON. */
	UNSUPPORTED_MEDIA_TYPE("Unsupported media type"),

	/** 413, 414, 431: the request line, a header or the body is larger than the web server takes. */
	REQUEST_TOO_LARGE("Request too large"),

	/** 429: this address failed to authenticate too often; {@code Retry-After} says when to try again. */
	TOO_MANY_AUTHENTICATION_FAILURES("Too many failed authentications"),

	/** 409: the engine's state does not allow the action (resume while draining, anything once stopped). */
	ENGINE_STATE_CONFLICT("Not allowed in the engine's state"),

	/**
	 * 409: the readiness backend cannot serve the setting (edge or oneshot, or the exclusive accept distribution, off
	 * epoll); the detail names both.
	 */
	UNSUPPORTED_BY_BACKEND("Not supported by the readiness backend"),

	/**
	 * 409: the shared-epoll topology cannot make the switch (the readiness backend, the accept distribution); the
	 * detail names both settings.
	 */
	UNSUPPORTED_BY_TOPOLOGY("Not supported by the loop topology"),

	/**
	 * 409: select cannot watch an fd at or above {@code FD_SETSIZE}, and some are open ({@code fdsAtOrAbove}) or
	 * {@code max-connections} allows them; the detail names both limits.
	 */
	FD_SETSIZE_EXCEEDED("Select cannot watch every file descriptor"),

	/** 503: the engine did not answer in time (its loops are stuck or overloaded). */
	ENGINE_TIMEOUT("Engine did not answer in time"),

	/** 503: the engine cannot serve the request now (not started, or failed). */
	ENGINE_UNAVAILABLE("Engine unavailable"),

	/** 503: too many event-stream subscribers. */
	TOO_MANY_SUBSCRIBERS("Too many event subscribers"),

	/** 500: anything else; the log has the stack trace. */
	INTERNAL_ERROR("Internal error");

	private final String title;

	ProblemCode(String title) {
		this.title = title;
	}

	/** The problem's short, fixed summary. */
	public String title() {
		return this.title;
	}

	/** The problem type: a URN per code, so it identifies the problem without pretending to be a web page. */
	public URI type() {
		return URI.create("urn:epoll-gateway:problem:" + name().toLowerCase(Locale.ROOT).replace('_', '-'));
	}

}
