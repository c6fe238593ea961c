package dev.epollgateway.engine;

import java.util.Locale;

/**
 * How the event loop threads share the work ({@code gateway.engine.topology}).
 *
 * <ul>
 * <li>{@link #LOOP_PER_THREAD}: each thread has its own epoll instance, listener and connections, and is the only
 * thread that ever touches them (the default);</li>
 * <li>{@link #SHARED_EPOLL}: every thread calls {@code epoll_wait} on one epoll instance that holds every
 * connection and the one listening socket, so any thread may be handed any connection. {@code EPOLLONESHOT} is the
 * mode that makes this correct (one owner between an event and its re-arm); level and edge run too, behind an
 * ownership guard that counts the threads it turns away ({@link Ownership}). epoll backend only.</li>
 * </ul>
 */
public enum Topology {

	LOOP_PER_THREAD, SHARED_EPOLL;

	/** The name as the configuration and the API spell it: {@code loop-per-thread}, {@code shared-epoll}. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Parses a name case-insensitively, with {@code -} or {@code _} between the words.
	 * @throws IllegalArgumentException naming the valid values when the text is not one of them
	 */
	public static Topology parse(String text) {
		return SettingNames.parse(Topology.class, text, "topology");
	}

	/** The valid values as the configuration spells them: {@code loop-per-thread, shared-epoll}. */
	public static String validValues() {
		return SettingNames.validValues(Topology.class);
	}

}
