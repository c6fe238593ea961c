package dev.epollgateway.engine;

/**
 * Thrown when the engine cannot start: the address is in use, epoll is unavailable, a limit is too low. The message
 * is one sentence meant for the operator.
 */
public class EngineStartException extends RuntimeException {

	public EngineStartException(String message, Throwable cause) {
		super(message, cause);
	}

	public EngineStartException(String message) {
		super(message);
	}

}
