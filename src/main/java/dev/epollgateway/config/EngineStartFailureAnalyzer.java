package dev.epollgateway.config;

import dev.epollgateway.engine.EngineStartException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link EngineStartException} into a short failure report instead of a stack trace.
 */
class EngineStartFailureAnalyzer extends AbstractFailureAnalyzer<EngineStartException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EngineStartException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Check the gateway.engine.* settings (host, port, loops) and that the process runs on Linux with"
						+ " enough open files allowed.",
				cause);
	}

}
