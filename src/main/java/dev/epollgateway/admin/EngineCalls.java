package dev.epollgateway.admin;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.epollgateway.engine.EngineStateException;
import dev.epollgateway.engine.FdSetSizeExceededException;
import dev.epollgateway.engine.UnsupportedByTopologyException;
import dev.epollgateway.engine.UnsupportedSettingException;

import org.springframework.http.HttpStatus;

/**
 * Waits for the engine's answers on an HTTP thread, never longer than the configured timeout: a stuck or overloaded
 * loop turns into a 503 {@code ENGINE_TIMEOUT}, not a hung request. Failures of the engine's futures become problem
 * details too: a state conflict is a 409, so is a setting the readiness backend cannot serve, a refused argument a 400.
 */
public class EngineCalls {

	private final Duration timeout;

	public EngineCalls(Duration timeout) {
		this.timeout = timeout;
	}

	/** The longest a call waits. */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * The future's value, waiting at most the timeout.
	 * @param future the engine's answer
	 * @param what the operation in words, for the 503's detail ("listing connections")
	 * @throws ApiException 503 on timeout, 409 on a state conflict, 400 on a refused argument
	 */
	public <T> T await(CompletableFuture<T> future, String what) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ProblemCode.ENGINE_TIMEOUT,
					"The engine did not answer within " + this.timeout.toMillis() + " ms while " + what
							+ "; its event loops may be stuck or overloaded",
					Map.of(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ProblemCode.ENGINE_UNAVAILABLE,
					"Interrupted while " + what, Map.of(), ex);
		}
		catch (ExecutionException | CompletionException | CancellationException ex) {
			throw translate((ex.getCause() != null) ? ex.getCause() : ex, what);
		}
	}

	/** Maps a failure of the engine to the problem the API answers with. */
	static ApiException translate(Throwable failure, String what) {
		if (failure instanceof ApiException api) {
			return api;
		}
		if (failure instanceof EngineStateException state) {
			return conflict(state);
		}
		if (failure instanceof FdSetSizeExceededException fdSetSize) {
			return new ApiException(HttpStatus.CONFLICT, ProblemCode.FD_SETSIZE_EXCEEDED, failure.getMessage(),
					Map.<String, Object>of("fdsAtOrAbove", fdSetSize.fdsAtOrAbove()), failure);
		}
		if (failure instanceof UnsupportedByTopologyException) {
			return new ApiException(HttpStatus.CONFLICT, ProblemCode.UNSUPPORTED_BY_TOPOLOGY, failure.getMessage(),
					Map.of(), failure);
		}
		if (failure instanceof UnsupportedSettingException) {
			return new ApiException(HttpStatus.CONFLICT, ProblemCode.UNSUPPORTED_BY_BACKEND, failure.getMessage(),
					Map.of(), failure);
		}
		if (failure instanceof IllegalArgumentException) {
			return new ApiException(HttpStatus.BAD_REQUEST, ProblemCode.INVALID_PARAMETER, failure.getMessage(),
					Map.of(), failure);
		}
		return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ProblemCode.ENGINE_UNAVAILABLE,
				"The engine failed while " + what + ": " + failure.getMessage(), Map.of(), failure);
	}

	/** A 409 naming the state that refused the action. */
	static ApiException conflict(EngineStateException ex) {
		return new ApiException(HttpStatus.CONFLICT, ProblemCode.ENGINE_STATE_CONFLICT, ex.getMessage(),
				Map.of("engineState", String.valueOf(ex.state())), ex);
	}

}
