package dev.epollgateway.engine.query;

/**
 * The one filter grammar shared by listing and killing connections; all given conditions must hold.
 *
 * @param remote the peer address must lie in this range; {@code null} for any
 * @param minIdleMs the connection has been idle at least this long
 * @param minAgeMs the connection is at least this old
 * @param minBacklogBytes the write backlog holds at least this many bytes
 */
public record ConnectionFilter(AddressRange remote, long minIdleMs, long minAgeMs, long minBacklogBytes) {

	/** Matches every connection. */
	public static final ConnectionFilter ALL = new ConnectionFilter(null, 0, 0, 0);

	public ConnectionFilter {
		if (minIdleMs < 0 || minAgeMs < 0 || minBacklogBytes < 0) {
			throw new IllegalArgumentException("minIdleMs, minAgeMs and minBacklogBytes must not be negative");
		}
	}

}
