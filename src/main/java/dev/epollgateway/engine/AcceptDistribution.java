package dev.epollgateway.engine;

import java.util.Locale;

/**
 * How the loops share the listening port ({@code gateway.engine.accept-distribution}).
 *
 * <ul>
 * <li>{@link #REUSEPORT}: one {@code SO_REUSEPORT} listener per loop; the kernel hashes each new connection to one
 * of them, so one loop wakes per connection (the default);</li>
 * <li>{@link #SHARED}: one listening socket in every loop's readiness backend: every loop wakes per connection,
 * one accept wins and the others find nothing ({@code EAGAIN}), the thundering herd;</li>
 * <li>{@link #EXCLUSIVE}: the same shared socket added with {@code EPOLLEXCLUSIVE}: the kernel wakes one or more
 * of the loops, not all; epoll backend only.</li>
 * </ul>
 * With one loop the three are the same.
 */
public enum AcceptDistribution {

	REUSEPORT, SHARED, EXCLUSIVE;

	/** Whether the loops watch one shared listening socket (rather than one socket each). */
	public boolean sharesOneSocket() {
		return this != REUSEPORT;
	}

	/** Whether the readiness backend can serve it: {@code EPOLLEXCLUSIVE} exists on epoll only. */
	public boolean supportedBy(BackendKind backend) {
		return this != EXCLUSIVE || backend == BackendKind.EPOLL;
	}

	/** The name as the configuration and the API spell it: {@code reuseport}, {@code shared}, {@code exclusive}. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses a name case-insensitively.
	 * @throws IllegalArgumentException naming the valid values when the text is not one of them
	 */
	public static AcceptDistribution parse(String text) {
		return SettingNames.parse(AcceptDistribution.class, text, "accept distribution");
	}

	/** The valid values as the configuration spells them: {@code reuseport, shared, exclusive}. */
	public static String validValues() {
		return SettingNames.validValues(AcceptDistribution.class);
	}

}
