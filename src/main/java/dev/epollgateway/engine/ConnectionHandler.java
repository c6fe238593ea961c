package dev.epollgateway.engine;

import static dev.epollgateway.engine.nativeio.Epoll.EPOLLERR;
import static dev.epollgateway.engine.nativeio.Epoll.EPOLLHUP;
import static dev.epollgateway.engine.nativeio.Epoll.EPOLLIN;
import static dev.epollgateway.engine.nativeio.Epoll.EPOLLOUT;
import static dev.epollgateway.engine.nativeio.Epoll.EPOLLRDHUP;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.epollgateway.engine.nativeio.IoResult;
import dev.epollgateway.engine.nativeio.NativeBuffer;
import dev.epollgateway.engine.nativeio.Sockets;

/**
 * What happens to a connection when epoll reports it: read and echo, flush the backlog, pause and resume reading,
 * half-close, close. Every mask change goes through {@link #updateInterest(Connection)}, a trigger-mode switch
 * included; the handler owns the loop's trigger mode.
 * <p>
 * Threading: one handler per {@link EventLoop}, called only on that loop's thread. It is given the loop's counters,
 * chunk pool, read buffer and scratch buffer when it is built, and calls back into its loop only for what the loop
 * owns (the idle list, the ready-pending queue, the lingering queue, the epoll registration, the connection table).
 */
final class ConnectionHandler {

	/** Reads per wakeup for one connection in the modes that must drain until {@code EAGAIN}. */
	static final int READ_BUDGET = 16;

	private static final Logger logger = LoggerFactory.getLogger(ConnectionHandler.class);

	private final EventLoop loop;

	private final LoopCounters counters;

	private final ChunkPool chunkPool;

	private final NativeBuffer scratch;

	private final long readBuffer;

	private final int readBufferSize;

	private final long highWatermark;

	private final long lowWatermark;

	/** The trigger mode this loop applies (every loop's, under shared epoll); changed only by {@link #switchMode}. */
	private final TriggerModeCell mode;

	ConnectionHandler(EventLoop loop, TriggerModeCell mode, LoopCounters counters, ChunkPool chunkPool,
			NativeBuffer scratch, NativeBuffer readBuffer, long highWatermark, long lowWatermark) {
		this.loop = loop;
		this.mode = mode;
		this.counters = counters;
		this.chunkPool = chunkPool;
		this.scratch = scratch;
		this.readBuffer = readBuffer.address();
		this.readBufferSize = (int) readBuffer.size();
		this.highWatermark = highWatermark;
		this.lowWatermark = lowWatermark;
	}

	/** The trigger mode this loop applies now. */
	TriggerMode mode() {
		return this.mode.get();
	}

	/**
	 * Applies a trigger mode to this loop: later connections get it from the start, live ones are re-armed through
	 * {@link #updateInterest} like any other mask change (a oneshot connection waiting on the ready-pending queue is
	 * re-armed when the queue serves it).
	 * @return the connections still open afterwards, each carrying the new mode
	 */
	int switchMode(TriggerMode newMode, Connection[] connections) {
		this.mode.set(newMode);
		int rearmed = 0;
		for (Connection connection : connections) {
			updateInterest(connection);
			if (!connection.closed) {
				rearmed++;
			}
		}
		return rearmed;
	}

	/** Handles one event of the ready list. */
	void onEvent(Connection connection, int events) {
		if (this.mode.get() == TriggerMode.ONESHOT) {
			// The kernel disabled the registration when it reported it; it stays so until re-armed.
			connection.interest &= InterestMask.DISARMED_BITS;
		}
		if ((events & EPOLLERR) != 0) {
			close(connection, CloseReason.RESET);
			return;
		}
		if ((events & EPOLLOUT) != 0 && connection.wantsOutput() && !flush(connection)) {
			return;
		}
		if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) != 0 && connection.wantsInput() && !read(connection)) {
			return;
		}
		if ((events & EPOLLHUP) != 0) {
			// Both directions are shut: nothing more can be echoed.
			close(connection, finalReason(connection, CloseReason.RESET));
			return;
		}
		updateInterest(connection);
	}

	/** Serves a connection taken from the ready-pending queue. */
	void onReadyPending(Connection connection) {
		if (connection.wantsInput() && !read(connection)) {
			return;
		}
		updateInterest(connection);
	}

	/**
	 * Reads and echoes up to the budget. Level-triggered connections read once (epoll reports them again while data
	 * remains); the others read until {@code EAGAIN}, and go on the ready-pending queue when the budget runs out.
	 * @return false when the connection was closed
	 */
	boolean read(Connection connection) {
		boolean drain = this.mode.get().drainsUntilEagain() || connection.closeState != Connection.OPEN;
		int budget = drain ? READ_BUDGET : 1;
		for (int i = 0; i < budget; i++) {
			if (!connection.wantsInput()) {
				return true;
			}
			long n = Sockets.read(connection.fd, this.readBuffer, this.readBufferSize);
			this.counters.increment(LoopCounters.READS);
			if (n > 0) {
				connection.reads++;
				connection.bytesIn += n;
				this.counters.add(LoopCounters.BYTES_IN, n);
				this.loop.touch(connection);
				if (connection.closeState == Connection.CLOSING_LINGER) {
					continue;
				}
				this.counters.increment(LoopCounters.MESSAGES);
				if (!echo(connection, n)) {
					return false;
				}
			}
			else if (n == 0) {
				return onInputEnded(connection);
			}
			else if (n == IoResult.WOULD_BLOCK) {
				connection.eagainReads++;
				this.counters.increment(LoopCounters.EAGAIN_READS);
				if (i == 0) {
					// Woken for data that was already gone: another thread's read, or an earlier pass, took it.
					this.counters.increment(LoopCounters.DRAINED_READS + this.mode.get().ordinal());
				}
				return (connection.closeState != Connection.CLOSING_READ) || startFlush(connection);
			}
			else {
				close(connection, reasonFor(n));
				return false;
			}
		}
		if (drain && connection.wantsInput()) {
			this.loop.enqueueReadyPending(connection);
		}
		return true;
	}

	/**
	 * Flushes the backlog until it is empty or the socket is full; resumes reading below the low watermark and
	 * finishes a half-close or graceful close once empty.
	 * @return false when the connection was closed
	 */
	boolean flush(Connection connection) {
		WriteBacklog backlog = connection.backlog;
		while (backlog.bytes() > 0) {
			long sent = send(connection, backlog.headAddress(), backlog.headLength());
			if (sent < 0) {
				return false;
			}
			if (sent == 0) {
				break;
			}
			this.counters.add(LoopCounters.BACKLOG_BYTES, -sent);
			backlog.consume(sent, this.chunkPool);
			this.loop.touch(connection);
		}
		if (backlog.bytes() == 0) {
			connection.backlog = null;
			this.counters.add(LoopCounters.CONNECTIONS_WITH_BACKLOG, -1);
		}
		if (connection.readingPaused && connection.backlogBytes() <= this.lowWatermark) {
			connection.readingPaused = false;
			this.counters.add(LoopCounters.PAUSED_READERS, -1);
			if (this.mode.get().drainsUntilEagain() || connection.closeState != Connection.OPEN) {
				// Data that arrived while paused raised no edge we can count on: go and look.
				this.loop.enqueueReadyPending(connection);
			}
		}
		if (connection.backlog == null) {
			if (connection.inputEnded) {
				close(connection, finalReason(connection, CloseReason.PEER_CLOSED));
				return false;
			}
			if (connection.closeState == Connection.CLOSING_FLUSH) {
				return finishFlush(connection);
			}
		}
		return true;
	}

	/**
	 * Starts a graceful close: echo what already arrived, flush, send FIN, then wait for the peer's FIN or the
	 * linger deadline.
	 */
	void beginGracefulClose(Connection connection, CloseReason reason) {
		if (connection.closed || connection.closeState != Connection.OPEN) {
			return;
		}
		connection.closeReason = reason;
		// The whole graceful close (the rest of the input, the flush, the FIN, the peer's FIN) gets one deadline,
		// so a peer that never reads cannot hold the connection open.
		this.loop.linger(connection);
		if (connection.inputEnded) {
			// Half-closed already: the backlog flush closes it.
			connection.closeState = Connection.CLOSING_FLUSH;
			updateInterest(connection);
			return;
		}
		connection.closeState = Connection.CLOSING_READ;
		if (!connection.readingPaused && !read(connection)) {
			return;
		}
		updateInterest(connection);
	}

	/** Closes at once with a reset ({@code SO_LINGER} 0). */
	void abort(Connection connection, CloseReason reason) {
		if (!connection.closed) {
			Sockets.setLingerZero(connection.fd, this.scratch);
			close(connection, reason);
		}
	}

	/** Gives the kernel the mask the connection's state calls for; re-arms a oneshot registration. */
	void updateInterest(Connection connection) {
		if (connection.closed) {
			return;
		}
		TriggerMode mode = this.mode.get();
		if (mode == TriggerMode.ONESHOT && connection.pendingQueued) {
			// Re-armed when the queue serves it: arming now would report the same data twice.
			return;
		}
		int desired = InterestMask.of(mode, connection.wantsInput(), connection.wantsOutput());
		if (desired == connection.interest) {
			return;
		}
		if ((desired & (EPOLLIN | EPOLLOUT)) == 0) {
			logger.warn("Connection {} wants neither input nor output; closing it", connection.id);
			close(connection, CloseReason.ERROR);
			return;
		}
		boolean rearm = (mode == TriggerMode.ONESHOT) && connection.interest == InterestMask.DISARMED_BITS;
		if (!this.loop.modify(connection, desired)) {
			close(connection, CloseReason.ERROR);
			return;
		}
		if (rearm) {
			this.counters.increment(LoopCounters.REARMS);
		}
	}

	/** Takes the socket out of the backend, closes it and forgets the connection. */
	void close(Connection connection, CloseReason reason) {
		if (connection.closed) {
			return;
		}
		connection.closed = true;
		if (connection.backlog != null) {
			this.counters.add(LoopCounters.BACKLOG_BYTES, -connection.backlog.bytes());
			this.counters.add(LoopCounters.CONNECTIONS_WITH_BACKLOG, -1);
			connection.backlog.release(this.chunkPool);
			connection.backlog = null;
		}
		if (connection.readingPaused) {
			connection.readingPaused = false;
			this.counters.add(LoopCounters.PAUSED_READERS, -1);
		}
		this.loop.closing(connection.fd);
		Sockets.close(connection.fd);
		this.loop.forget(connection, reason);
	}

	private boolean echo(Connection connection, long n) {
		if (connection.backlog != null) {
			// Order: what is already waiting goes first.
			appendBacklog(connection, this.readBuffer, n);
			return true;
		}
		long sent = send(connection, this.readBuffer, n);
		if (sent < 0) {
			return false;
		}
		if (sent < n) {
			appendBacklog(connection, this.readBuffer + sent, n - sent);
		}
		return true;
	}

	/**
	 * The one send of echo and flush: one {@code send} from native memory and its accounting; a failure closes the
	 * connection.
	 * @return bytes sent, 0 when the socket is full, or -1 when the connection was closed
	 */
	private long send(Connection connection, long address, long length) {
		long n = Sockets.send(connection.fd, address, length);
		this.counters.increment(LoopCounters.WRITES);
		if (n > 0) {
			connection.writes++;
			connection.bytesOut += n;
			this.counters.add(LoopCounters.BYTES_OUT, n);
			if (n < length) {
				this.counters.increment(LoopCounters.SHORT_WRITES);
			}
			return n;
		}
		if (n == 0 || n == IoResult.WOULD_BLOCK) {
			connection.eagainWrites++;
			this.counters.increment(LoopCounters.EAGAIN_WRITES);
			return 0;
		}
		close(connection, reasonFor(n));
		return -1;
	}

	/** Why a failed read or send closes the connection: the same failure gives the same reason either way. */
	private static CloseReason reasonFor(long failure) {
		return (failure == IoResult.PEER_RESET) ? CloseReason.RESET : CloseReason.ERROR;
	}

	private void appendBacklog(Connection connection, long address, long length) {
		if (connection.backlog == null) {
			connection.backlog = new WriteBacklog();
			this.counters.add(LoopCounters.CONNECTIONS_WITH_BACKLOG, 1);
		}
		connection.backlog.append(address, length, this.chunkPool);
		this.counters.add(LoopCounters.BACKLOG_BYTES, length);
		this.counters.max(LoopCounters.BACKLOG_PEAK, connection.backlog.bytes());
		if (!connection.readingPaused && connection.backlog.bytes() > this.highWatermark) {
			connection.readingPaused = true;
			this.counters.add(LoopCounters.PAUSED_READERS, 1);
			this.counters.increment(LoopCounters.READ_PAUSES);
		}
	}

	private boolean onInputEnded(Connection connection) {
		connection.inputEnded = true;
		if (connection.closeState == Connection.CLOSING_LINGER || connection.backlog == null) {
			close(connection, finalReason(connection, CloseReason.PEER_CLOSED));
			return false;
		}
		return true;
	}

	private boolean startFlush(Connection connection) {
		connection.closeState = Connection.CLOSING_FLUSH;
		return (connection.backlog != null) || finishFlush(connection);
	}

	private boolean finishFlush(Connection connection) {
		if (Sockets.shutdownOutput(connection.fd) < 0) {
			close(connection, finalReason(connection, CloseReason.RESET));
			return false;
		}
		connection.closeState = Connection.CLOSING_LINGER;
		return true;
	}

	private static CloseReason finalReason(Connection connection, CloseReason otherwise) {
		return (connection.closeReason != null) ? connection.closeReason : otherwise;
	}

}
