package dev.epollgateway.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports unknown {@code gateway.*} properties as a short failure report (each one named, with its source and the
 * closest known property) instead of a stack trace.
 */
class UnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnknownPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownPropertyException cause) {
		return new FailureAnalysis(cause.getMessage(), "Correct or remove the properties above; the README's"
				+ " Configuration section lists every gateway.* property.", cause);
	}

}
