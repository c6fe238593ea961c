package dev.epollgateway.engine;

import java.util.Locale;

/**
 * The readiness backend a loop waits with ({@code gateway.engine.backend}).
 *
 * <ul>
 * <li>{@link #EPOLL}: {@code epoll_wait} returns only the ready fds; every trigger mode (the default);</li>
 * <li>{@link #POLL}: {@code poll(2)} over a compact {@code struct pollfd} array, every watched fd scanned on every
 * call; level-triggered only;</li>
 * <li>{@link #SELECT}: {@code select(2)} over {@code fd_set} bitmaps, fds below {@code FD_SETSIZE} (1024) only;
 * level-triggered only.</li>
 * </ul>
 */
public enum BackendKind {

	EPOLL, POLL, SELECT;

	/** Whether the backend can report a trigger mode: epoll has them all, poll and select are level-triggered. */
	public boolean supports(TriggerMode mode) {
		return this == EPOLL || mode == TriggerMode.LEVEL;
	}

	/**
	 * The most connections the backend can watch beside the engine's own descriptors: {@code FD_SETSIZE} less
	 * those for select, no limit of its own ({@link Integer#MAX_VALUE}) for epoll and poll.
	 */
	public int maxConnections(int loops) {
		return (this == SELECT) ? Backends.selectConnectionLimit(loops) : Integer.MAX_VALUE;
	}

	/** The name as the configuration and the API spell it: {@code epoll}, {@code poll}, {@code select}. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses a backend name case-insensitively.
	 * @param text {@code epoll}, {@code poll} or {@code select} in any case
	 * @throws IllegalArgumentException naming the valid values when the text is not one of them
	 */
	public static BackendKind parse(String text) {
		return SettingNames.parse(BackendKind.class, text, "backend");
	}

	/** The valid values as the configuration spells them: {@code epoll, poll, select}. */
	public static String validValues() {
		return SettingNames.validValues(BackendKind.class);
	}

}
