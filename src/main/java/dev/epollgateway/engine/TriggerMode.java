package dev.epollgateway.engine;

/**
 * How the engine asks epoll to report readiness of connection sockets.
 *
 * <ul>
 * <li>{@link #LEVEL}: reported as long as the socket is ready (the default, no {@code EPOLLET});</li>
 * <li>{@link #EDGE}: reported once when the socket becomes ready ({@code EPOLLET}); the engine reads until
 * {@code EAGAIN};</li>
 * <li>{@link #ONESHOT}: {@code EPOLLET|EPOLLONESHOT}; the socket is disabled after one event and re-armed with
 * {@code EPOLL_CTL_MOD} once the event has been handled.</li>
 * </ul>
 */
public enum TriggerMode {

	LEVEL, EDGE, ONESHOT;

	/** Whether reads must continue until {@code EAGAIN} because no further notification will come. */
	public boolean drainsUntilEagain() {
		return this != LEVEL;
	}

	/**
	 * Parses a mode name case-insensitively.
	 * @param text {@code level}, {@code edge} or {@code oneshot} in any case
	 * @return the mode
	 * @throws IllegalArgumentException naming the valid values when the text is not one of them
	 */
	public static TriggerMode parse(String text) {
		return SettingNames.parse(TriggerMode.class, text, "trigger mode");
	}

	/** The valid values as the API spells them: {@code level, edge, oneshot}. */
	public static String validValues() {
		return SettingNames.validValues(TriggerMode.class);
	}

}
