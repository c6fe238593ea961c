package dev.epollgateway.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.http.InvalidParameterException;

import dev.epollgateway.admin.ProblemCode;
import dev.epollgateway.admin.ProblemWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Parses the query and the {@code Content-Type} before anything else reads them, so that a malformed one is a client
 * error logged at DEBUG instead of an exception from whichever code reads it first, answered 500 with an ERROR and a
 * stack trace: one log entry per request anyone can send. A malformed query ({@code %ff%fe}, {@code %e} in
 * {@code fe80::1%eth0}: Tomcat's {@link InvalidParameterException}) is a 400 {@code INVALID_PARAMETER}; a content type
 * that is no media type, has a wildcard ({@code application/*}) or names an unknown charset is a 415
 * {@code UNSUPPORTED_MEDIA_TYPE}; a blank {@code Accept} is read as none. First in both ports' filter chains; any
 * container thread.
 */
class RequestCheckFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(RequestCheckFilter.class);

	private final ProblemWriter problems;

	RequestCheckFilter(ProblemWriter problems) {
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
		String contentType = request.getContentType();
		if (contentType != null && !isUsable(contentType)) {
			logger.debug("Refused a request with the content type '" + contentType + "'");
			this.problems.write(response, this.problems.problem(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					ProblemCode.UNSUPPORTED_MEDIA_TYPE, "The Content-Type '" + contentType + "' is not a concrete"
							+ " media type with a known charset; send application/json"));
			return;
		}
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		chain.doFilter((accept != null && accept.isBlank()) ? new WithoutAccept(request) : request, response);
	}

	/**
	 * A request whose blank {@code Accept} header is left out: read as "accepts nothing", it fails the Prometheus
	 * endpoint with a NullPointerException (a 500), where every client that sends one means "anything".
	 */
	private static final class WithoutAccept extends HttpServletRequestWrapper {

		WithoutAccept(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getHeader(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(Collections.list(super.getHeaderNames())
				.stream()
				.filter((header) -> !HttpHeaders.ACCEPT.equalsIgnoreCase(header))
				.toList());
		}

	}

	private static boolean isUsable(String contentType) {
		if (contentType.isBlank()) {
			return true;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			if (type.isWildcardType() || type.isWildcardSubtype()) {
				return false;
			}
			type.getCharset();
			return true;
		}
		catch (IllegalArgumentException ex) {
			// InvalidMediaTypeException, UnsupportedCharsetException, IllegalCharsetNameException
			return false;
		}
	}

}
