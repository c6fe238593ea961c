package dev.epollgateway.config;

import dev.epollgateway.engine.BackendKind;
import dev.epollgateway.engine.OpenFileLimit;

/**
 * The effective {@code gateway.engine.max-connections} and where it came from: the property when set (refused above
 * the process's open-file limit), otherwise the open-file limit less {@link OpenFileLimit#reserve(int) its reserve}.
 * Immutable; any thread.
 *
 * @param value the connections allowed
 * @param origin one sentence for the start's log line: the figure's source and the limit
 */
record ConnectionLimit(int value, String origin) {

	static final String PROPERTY = "gateway.engine.max-connections";

	/**
	 * Resolves the limit.
	 * @param configured the property, {@code null} when not set
	 * @param loops the event loops, whose descriptors the reserve counts
	 * @param files the process's open-file limit
	 * @throws IllegalArgumentException naming the property and the limit when the property is above the limit, or
	 * when the limit leaves no room for a connection
	 */
	static ConnectionLimit resolve(Integer configured, int loops, OpenFileLimit files) {
		return resolve(configured, loops, BackendKind.EPOLL, files);
	}

	/**
	 * Resolves the limit for a backend: a derived limit is also capped at what the backend can watch (select's
	 * {@code FD_SETSIZE}); an explicit one above that is left for the engine's start to refuse, naming both.
	 */
	static ConnectionLimit resolve(Integer configured, int loops, BackendKind backend, OpenFileLimit files) {
		String limit = "the open-file limit (RLIMIT_NOFILE, ulimit -n) of " + describe(files.soft());
		if (configured != null) {
			if (configured > files.soft()) {
				throw new IllegalArgumentException(PROPERTY + " (" + configured + ") is above " + limit
						+ "; lower it, leave it unset to derive it from the limit, or raise the limit (hard limit "
						+ describe(files.hard()) + ")");
			}
			return new ConnectionLimit(configured, PROPERTY + "=" + configured + ", " + limit);
		}
		long allowed = files.connectionsAllowed(loops);
		if (allowed < 1) {
			throw new IllegalArgumentException(limit + " leaves no descriptor for connections after a reserve of "
					+ OpenFileLimit.reserve(loops) + "; raise the limit or set " + PROPERTY + " explicitly");
		}
		int backendLimit = backend.maxConnections(loops);
		if (allowed > backendLimit) {
			return new ConnectionLimit(backendLimit, "capped at " + backendLimit + ", the most gateway.engine.backend="
					+ backend.tag() + " can watch with " + loops + " loop(s) (FD_SETSIZE, 1024, less the engine's"
					+ " own descriptors), below " + limit + "; set " + PROPERTY + " to choose");
		}
		return new ConnectionLimit((int) allowed, "derived from " + limit + " less a reserve of "
				+ OpenFileLimit.reserve(loops) + " (" + OpenFileLimit.PROCESS_RESERVE + " for the JVM and the web"
				+ " servers, " + OpenFileLimit.PER_LOOP_RESERVE + " per event loop); set " + PROPERTY + " to choose");
	}

	private static String describe(long limit) {
		return (limit == Long.MAX_VALUE) ? "unlimited" : String.valueOf(limit);
	}

}
