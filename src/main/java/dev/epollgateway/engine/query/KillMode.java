package dev.epollgateway.engine.query;

import java.util.Locale;

/**
 * How a connection is killed.
 */
public enum KillMode {

	/**
	 * Echo what already arrived, flush the write backlog, send FIN ({@code shutdown(SHUT_WR)}), then close once the
	 * peer closes too; whatever is left when the drain timeout has passed since the kill is closed then.
	 */
	GRACEFUL,

	/** Close at once with {@code SO_LINGER} 0: the peer sees a reset and pending data is discarded. */
	ABORT;

	/**
	 * Parses a kill mode case-insensitively.
	 * @param text {@code graceful} or {@code abort}
	 * @return the mode
	 * @throws IllegalArgumentException naming the valid values
	 */
	public static KillMode parse(String text) {
		if (text != null) {
			String name = text.trim().toUpperCase(Locale.ROOT);
			for (KillMode mode : values()) {
				if (mode.name().equals(name)) {
					return mode;
				}
			}
		}
		throw new IllegalArgumentException("Unknown kill mode '" + text + "'; valid values are graceful, abort");
	}

}
