package dev.epollgateway.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.epollgateway.engine.query.ConnectionInfo;

/**
 * The state of one accepted connection.
 * <p>
 * Threading: created, read and written only by the event loop that accepted it; other threads see it only through
 * {@link ConnectionInfo} copies the loop makes. Its links ({@link #idlePrevious}, {@link #idleNext},
 * {@link #nextPending}) belong to the loop's {@link IdleList} and {@link ReadyPendingQueue}. Under shared epoll any
 * loop's thread may work on it, one at a time: the one its {@link #ownership} guard made the owner (the links then
 * belong to that thread's queues); the home loop's listing reads the counters without the guard, as a snapshot.
 */
final class Connection {

	/** Normal echo. */
	static final int OPEN = 0;

	/** A graceful close was asked: keep echoing until a read finds nothing more ({@code EAGAIN}). */
	static final int CLOSING_READ = 1;

	/** Reading stopped; the backlog is flushed, then FIN is sent. */
	static final int CLOSING_FLUSH = 2;

	/** FIN sent; input is read and discarded until the peer's FIN (or the deadline). */
	static final int CLOSING_LINGER = 3;

	final long id;

	final int fd;

	/** The loop that accepted it and keeps it in its table. */
	final int homeLoop;

	/** Who works on it now, under shared epoll; null when only its home loop's thread ever does. */
	final Ownership ownership;

	final byte[] remoteAddress;

	/** {@link #remoteAddress} as text, once something asked for it. */
	private String remoteAddressText;

	final int remotePort;

	final int localPort;

	final long connectedAtMillis;

	final long connectedAtNanos;

	long lastActivityNanos;

	/** When a graceful close began; its deadline counts from here. */
	long lingerStartNanos;

	long bytesIn;

	long bytesOut;

	long reads;

	long writes;

	long eagainReads;

	long eagainWrites;

	/** Bytes read but not yet written; null when empty. */
	WriteBacklog backlog;

	/** The mask registered with the kernel (what the kernel keeps after a oneshot fired, when disarmed). */
	int interest;

	/** Reading is paused because the backlog passed the high watermark. */
	boolean readingPaused;

	/** The peer's FIN (or EOF) was read: nothing more will arrive. */
	boolean inputEnded;

	/** On the ready-pending queue. */
	boolean pendingQueued;

	/** Closed: ignore any later event or queue entry. */
	boolean closed;

	/** One of {@link #OPEN}, {@link #CLOSING_READ}, {@link #CLOSING_FLUSH}, {@link #CLOSING_LINGER}. */
	int closeState = OPEN;

	/** Why a graceful close was asked, reported when it completes. */
	CloseReason closeReason;

	Connection nextPending;

	Connection idlePrevious;

	Connection idleNext;

	Connection(long id, int fd, byte[] remoteAddress, int remotePort, int localPort, long nowNanos) {
		this(id, fd, 0, null, remoteAddress, remotePort, localPort, nowNanos);
	}

	Connection(long id, int fd, int homeLoop, Ownership ownership, byte[] remoteAddress, int remotePort,
			int localPort, long nowNanos) {
		this.id = id;
		this.fd = fd;
		this.homeLoop = homeLoop;
		this.ownership = ownership;
		this.remoteAddress = remoteAddress;
		this.remotePort = remotePort;
		this.localPort = localPort;
		this.connectedAtMillis = System.currentTimeMillis();
		this.connectedAtNanos = nowNanos;
		this.lastActivityNanos = nowNanos;
	}

	/** Bytes waiting in the backlog. */
	long backlogBytes() {
		return (this.backlog != null) ? this.backlog.bytes() : 0;
	}

	/** Whether the connection wants {@code EPOLLIN} now. */
	boolean wantsInput() {
		return !this.readingPaused && !this.inputEnded && this.closeState != CLOSING_FLUSH;
	}

	/** Whether the connection wants {@code EPOLLOUT} now. */
	boolean wantsOutput() {
		return this.backlog != null && this.backlog.bytes() > 0;
	}

	/** The peer address as text; kept once asked for, since a listing asks for it on every page it shows. */
	String remoteAddressText() {
		if (this.remoteAddressText == null) {
			this.remoteAddressText = formatAddress();
		}
		return this.remoteAddressText;
	}

	private String formatAddress() {
		try {
			return InetAddress.getByAddress(this.remoteAddress).getHostAddress();
		}
		catch (UnknownHostException ex) {
			return "?";
		}
	}

	/** {@code address:port}, with brackets around IPv6 addresses. */
	String remoteEndpoint() {
		// Not kept: every connection is described when it opens and closes, and few are ever listed.
		String address = (this.remoteAddressText != null) ? this.remoteAddressText : formatAddress();
		return (this.remoteAddress.length == 16) ? "[" + address + "]:" + this.remotePort
				: address + ":" + this.remotePort;
	}

}
