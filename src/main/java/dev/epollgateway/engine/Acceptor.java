package dev.epollgateway.engine;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.epollgateway.engine.nativeio.Epoll;
import dev.epollgateway.engine.nativeio.Errno;
import dev.epollgateway.engine.nativeio.IoResult;
import dev.epollgateway.engine.nativeio.NativeBuffer;
import dev.epollgateway.engine.nativeio.Sockets;

/**
 * One loop's listener: accepts with a budget, sheds when the process is out of file descriptors, and keeps the
 * listener in the epoll set only while it should accept (not paused by an operator, not resting after a shed, not
 * closed by a drain).
 * <p>
 * Threading: loop thread only. It owns the listening fd and the reserve fds and closes them.
 */
final class Acceptor {

	/** Connections accepted per wakeup; the listener is level-triggered, so the rest are reported again. */
	static final int ACCEPT_BUDGET = 64;

	/** How long the listener rests after the process ran out of file descriptors. */
	static final long SHED_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/** At most one warning per this interval while shedding, so a flood cannot flood the log too. */
	static final long SHED_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private static final Logger logger = LoggerFactory.getLogger(Acceptor.class);

	private final EventLoop loop;

	private final LoopCounters counters;

	private final RejectionReporter rejections;

	private final NativeBuffer peerAddress;

	/** The fd every reserve descriptor duplicates. */
	private final int reserveSource;

	/** Descriptors held in reserve for shedding; -1 where one is missing. */
	private final int[] reserveFds = { -1, -1, -1, -1 };

	private int reserveCount;

	private int listenFd;

	private boolean registered;

	private boolean paused;

	private long restUntilNanos;

	private long lastShedLogNanos;

	private long shedsSinceLog;

	Acceptor(EventLoop loop, LoopCounters counters, RejectionReporter rejections, int listenFd,
			NativeBuffer peerAddress, int reserveSource) {
		this.loop = loop;
		this.counters = counters;
		this.rejections = rejections;
		this.listenFd = listenFd;
		this.peerAddress = peerAddress;
		this.reserveSource = reserveSource;
		this.loop.register(listenFd, Epoll.EPOLLIN, EventLoop.TAG_LISTENER);
		this.registered = true;
		acquireReserves();
	}

	/** The listener is readable: accept up to the budget, handing each new fd to the loop. */
	void onReadable(long now) {
		if (this.reserveCount < this.reserveFds.length) {
			// Another thread took a descriptor freed while shedding: the reserve comes before any new connection.
			acquireReserves();
		}
		for (int i = 0; i < ACCEPT_BUDGET && this.registered; i++) {
			int fd = Sockets.accept(this.listenFd, this.peerAddress);
			this.counters.increment(LoopCounters.ACCEPTS);
			if (fd >= 0) {
				this.loop.accepted(fd, this.peerAddress);
			}
			else if (fd == IoResult.WOULD_BLOCK) {
				return;
			}
			else if (fd == -Errno.EMFILE || fd == -Errno.ENFILE) {
				shed(now);
				return;
			}
			else if (fd != IoResult.ABORTED) {
				logger.warn("accept4 failed on loop {}: {}; resting the listener", this.loop.index,
						Errno.describe(-fd));
				rest(now);
				return;
			}
		}
	}

	/** Pauses or resumes accepting for an operator. */
	void setPaused(boolean paused) {
		this.paused = paused;
		update();
	}

	/** Ends a rest whose time is up. */
	void expire(long now) {
		if (this.restUntilNanos != 0 && now - this.restUntilNanos >= 0) {
			this.restUntilNanos = 0;
			update();
		}
	}

	/** Nanoseconds until the rest ends, {@link Long#MAX_VALUE} when not resting. */
	long nanosUntilRestEnds(long now) {
		return (this.restUntilNanos != 0) ? this.restUntilNanos - now : Long.MAX_VALUE;
	}

	/** The listening fd while the backend watches it; -1 while paused, resting or closed. */
	int watchedListener() {
		return this.registered ? this.listenFd : -1;
	}

	/** Takes the listener out of the backend and closes it; pending connections are refused. */
	void closeListener() {
		if (this.listenFd >= 0) {
			if (this.registered) {
				this.loop.closing(this.listenFd);
			}
			Sockets.close(this.listenFd);
			this.listenFd = -1;
			this.registered = false;
		}
	}

	/** Closes the listener and gives the reserve back. */
	void close() {
		closeListener();
		releaseReserves();
	}

	/**
	 * Out of file descriptors: the pending connection cannot be accepted, and the level-triggered listener would
	 * report it forever (libuv's EMFILE spin). Free the reserve fds, accept and close what is pending, take the
	 * reserve back, and rest the listener for a moment. The reserve is several fds, not one: another thread of the
	 * process (the JVM reading its cgroup files, a metrics scrape listing {@code /proc/self/fd}) may take a freed
	 * descriptor at any moment, and one stolen slot must not leave the loop unable to shed.
	 */
	private void shed(long now) {
		releaseReserves();
		for (int i = 0; i < ACCEPT_BUDGET; i++) {
			int fd = Sockets.accept(this.listenFd, this.peerAddress);
			this.counters.increment(LoopCounters.ACCEPTS);
			if (fd < 0) {
				break;
			}
			Sockets.close(fd);
			this.counters.increment(LoopCounters.REJECTED + RejectReason.FD_LIMIT.ordinal());
			this.rejections.rejected(RejectReason.FD_LIMIT, this.peerAddress, now);
		}
		acquireReserves();
		this.shedsSinceLog++;
		if (this.lastShedLogNanos == 0 || now - this.lastShedLogNanos >= SHED_LOG_INTERVAL_NANOS) {
			logger.warn("Loop {} ran out of file descriptors ({} times since the last report); shedding pending"
					+ " connections and resting the listener for {} ms", this.loop.index, this.shedsSinceLog,
					TimeUnit.NANOSECONDS.toMillis(SHED_PAUSE_NANOS));
			this.lastShedLogNanos = now;
			this.shedsSinceLog = 0;
		}
		rest(now);
	}

	private void rest(long now) {
		this.restUntilNanos = now + SHED_PAUSE_NANOS;
		update();
	}

	/** Registers or removes the listener according to the operator's pause and the rest. */
	private void update() {
		boolean wanted = this.listenFd >= 0 && !this.paused && this.restUntilNanos == 0;
		if (wanted == this.registered) {
			return;
		}
		if (wanted) {
			this.loop.register(this.listenFd, Epoll.EPOLLIN, EventLoop.TAG_LISTENER);
		}
		else {
			this.loop.unregister(this.listenFd);
		}
		this.registered = wanted;
	}

	/** Fills the reserve up with duplicates of an fd the loop holds, as far as descriptors are free. */
	private void acquireReserves() {
		for (int i = 0; i < this.reserveFds.length; i++) {
			if (this.reserveFds[i] < 0) {
				int fd = Sockets.dup(this.reserveSource);
				if (fd < 0) {
					return;
				}
				this.reserveFds[i] = fd;
				this.reserveCount++;
			}
		}
	}

	private void releaseReserves() {
		for (int i = 0; i < this.reserveFds.length; i++) {
			if (this.reserveFds[i] >= 0) {
				Sockets.close(this.reserveFds[i]);
				this.reserveFds[i] = -1;
			}
		}
		this.reserveCount = 0;
	}

}
