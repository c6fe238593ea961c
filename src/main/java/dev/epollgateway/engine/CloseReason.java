package dev.epollgateway.engine;

import java.util.Locale;

/**
 * Why a connection was closed. {@link #tag()} is the bounded value used for metrics.
 */
public enum CloseReason {

	/** The peer sent FIN; what it sent was echoed and flushed first. */
	PEER_CLOSED,

	/** The peer reset the connection, or a write found it gone ({@code EPOLLERR}, {@code ECONNRESET}, {@code EPIPE}). */
	RESET,

	/** No traffic for longer than the idle timeout. */
	IDLE_TIMEOUT,

	/** Killed through the admin API. */
	KILLED,

	/** Closed by a drain or stop. */
	DRAINED,

	/** An unexpected error on the socket. */
	ERROR;

	/** Lower-case name for metric tags and logs. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Words for the log line, for example {@code peer closed}. */
	public String words() {
		return tag().replace('_', ' ');
	}

}
