package dev.epollgateway.engine;

import java.util.Locale;

/**
 * Why an accepted connection was closed at once.
 */
public enum RejectReason {

	/** {@code max-connections} were already open. */
	MAX_CONNECTIONS,

	/** The process ran out of file descriptors ({@code EMFILE}/{@code ENFILE}); the pending connection was shed. */
	FD_LIMIT,

	/** On the select backend, the accepted fd was at or above {@code FD_SETSIZE} (1024): no {@code fd_set} holds it. */
	FD_SETSIZE;

	/** Lower-case name for metric tags. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
