package dev.epollgateway.engine;

/**
 * A live switch to select refused because select could not watch every fd: some are at or above
 * {@code FD_SETSIZE} now, or {@code max-connections} would let the loops accept such fds. The message names both
 * limits; nothing has changed when it is thrown.
 */
public class FdSetSizeExceededException extends IllegalStateException {

	private final int fdsAtOrAbove;

	public FdSetSizeExceededException(String message, int fdsAtOrAbove) {
		super(message);
		this.fdsAtOrAbove = fdsAtOrAbove;
	}

	/** The loops' open fds at or above {@code FD_SETSIZE} when the switch was asked for. */
	public int fdsAtOrAbove() {
		return this.fdsAtOrAbove;
	}

}
