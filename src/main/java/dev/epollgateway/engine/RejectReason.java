package dev.epollgateway.engine;

import java.util.Locale;

/**
 * Why an accepted connection was closed at once.
 */
public enum RejectReason {

	/** {@code max-connections} were already open. */
	MAX_CONNECTIONS("max-connections reached"),

	/** The process ran out of file descriptors ({@code EMFILE}/{@code ENFILE}); the pending connection was shed. */
	FD_LIMIT("out of file descriptors"),

	/** On the select backend, the accepted fd was at or above {@code FD_SETSIZE} (1024): no {@code fd_set} holds it. */
	FD_SETSIZE("fd at or above FD_SETSIZE on select");

	private final String words;

	RejectReason(String words) {
		this.words = words;
	}

	/** A few words for logs and events. */
	public String words() {
		return this.words;
	}

	/** Lower-case name for metric tags. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
