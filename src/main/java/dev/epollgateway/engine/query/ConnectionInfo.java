package dev.epollgateway.engine.query;

import java.util.List;

/**
 * A point-in-time copy of one connection's state, taken on its loop thread.
 *
 * @param id monotonic connection id, never reused (also the {@code epoll_data} of its registration)
 * @param loop index of the event loop that owns the connection
 * @param fd the socket's file descriptor
 * @param remoteAddress the peer's IP address as text
 * @param remotePort the peer's port
 * @param localPort the local port the connection arrived on
 * @param connectedAtMillis when the connection was accepted, epoch milliseconds
 * @param ageMs milliseconds since accept
 * @param lastActivityAtMillis when a byte was last read or written, epoch milliseconds
 * @param idleMs milliseconds since the last byte read or written
 * @param bytesIn bytes read from the peer
 * @param bytesOut bytes written to the peer
 * @param reads {@code read} calls that returned data
 * @param writes {@code send} calls that wrote data
 * @param eagainReads {@code read} calls that returned {@code EAGAIN}
 * @param eagainWrites {@code send} calls that returned {@code EAGAIN}
 * @param writeBacklogBytes bytes read but not yet echoed
 * @param readingPaused whether reading is paused because the backlog passed the high watermark
 * @param state where the connection is in its life: open, half-closed by the peer, or closing (a graceful kill or
 * a drain is echoing, flushing or waiting for the peer's FIN)
 * @param interestMask the epoll interest mask now registered
 * @param interest the names of the bits of {@link #interestMask()}
 */
public record ConnectionInfo(long id, int loop, int fd, String remoteAddress, int remotePort, int localPort,
		long connectedAtMillis, long ageMs, long lastActivityAtMillis, long idleMs, long bytesIn, long bytesOut, long reads, long writes,
		long eagainReads, long eagainWrites, long writeBacklogBytes, boolean readingPaused, State state, int interestMask,
		List<String> interest) {

	/** Where a connection is in its life. */
	public enum State {

		/** Echoing. */
		OPEN,

		/** The peer sent FIN; what it sent is being flushed before the close. */
		HALF_CLOSED,

		/** A graceful kill or a drain: echoing what arrived, flushing, then waiting for the peer's FIN. */
		CLOSING

	}

	/**
	 * The value this connection is ordered by for a sort key. Ages and idle times grow while a client pages, so they
	 * are ordered by their stable form: the negated time of connect or of last activity (older first when
	 * ascending), which keeps cursors valid between pages.
	 */
	public long valueOf(ConnectionSortKey key) {
		return switch (key) {
			case ID -> this.id;
			case AGE_MS -> -this.connectedAtMillis;
			case IDLE_MS -> -this.lastActivityAtMillis;
			case BYTES_IN -> this.bytesIn;
			case BYTES_OUT -> this.bytesOut;
			case WRITE_BACKLOG_BYTES -> this.writeBacklogBytes;
		};
	}

}
