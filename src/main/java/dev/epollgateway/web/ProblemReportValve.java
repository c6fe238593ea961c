package dev.epollgateway.web;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.epollgateway.admin.ApiExceptionHandler;
import dev.epollgateway.admin.ProblemCode;
import dev.epollgateway.admin.ProblemWriter;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report, for each port's host, as a problem detail instead of an HTML page: what Tomcat refuses
 * before any servlet runs (a request line with invalid characters, {@code %00} in the path, an oversized header, a
 * {@code TRACE}) gets {@code application/problem+json} with a stable code, like every other error, and so does an
 * error status some code set without a body. Reports only an error response nothing else has written a body for.
 * Called on the request's container thread.
 */
class ProblemReportValve extends ErrorReportValve {

	private static final Log logger = LogFactory.getLog(ProblemReportValve.class);

	private final ProblemWriter problems;

	ProblemReportValve(ProblemWriter problems) {
		this.problems = problems;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		super.invoke(request, response);
		// An error status set without sendError and without a body (an Actuator endpoint's 404 for an unknown
		// metric, for example) passes the report above by: it gets its problem here.
		if (!request.isAsync() && !response.isCommitted() && response.getStatus() >= 400
				&& response.getContentWritten() == 0 && response.getContentType() == null) {
			writeProblem(request, response);
		}
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int statusCode = response.getStatus();
		if (statusCode < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		writeProblem(request, response);
	}

	private void writeProblem(Request request, Response response) {
		HttpStatus status = HttpStatus.resolve(response.getStatus());
		if (status == null) {
			status = HttpStatus.BAD_REQUEST;
		}
		ProblemCode code = ApiExceptionHandler.codeFor(status);
		ProblemDetail problem = ApiExceptionHandler.problem(status, code,
				"The web server refused the request before any operation ran: " + status.getReasonPhrase());
		problem.setInstance(ProblemWriter.instance(request.getDecodedRequestURI()));
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(this.problems.json(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response cannot take a body any more: nothing to answer.
			logger.debug("Could not write the problem for a refused request", ex);
		}
	}

}
