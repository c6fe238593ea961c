package dev.epollgateway.engine;

/**
 * Thrown when an operation is not allowed in the engine's current {@link EngineState}, for example resuming a
 * draining engine.
 */
public class EngineStateException extends IllegalStateException {

	private final EngineState state;

	public EngineStateException(EngineState state, String message) {
		super(message);
		this.state = state;
	}

	/** The state that refused the operation. */
	public EngineState state() {
		return this.state;
	}

}
