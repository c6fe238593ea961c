package dev.epollgateway.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.epollgateway.engine.nativeio.Epoll;
import dev.epollgateway.engine.nativeio.Errno;
import dev.epollgateway.engine.nativeio.IoResult;
import dev.epollgateway.engine.nativeio.NativeBuffer;
import dev.epollgateway.engine.nativeio.NativeIoException;
import dev.epollgateway.engine.nativeio.ReuseportSteering;
import dev.epollgateway.engine.nativeio.Sockets;

/**
 * One loop's listeners: accepts with a budget, sheds when the process is out of file descriptors, and keeps the
 * listeners in the readiness backend only while it should accept (not paused by an operator, not resting after a
 * shed, not closed by a drain).
 * <p>
 * A loop has its own listener (its {@code SO_REUSEPORT} member; loop 0's is the group's first, the socket every loop
 * shares under {@link AcceptDistribution#SHARED} and {@link AcceptDistribution#EXCLUSIVE}), and, on the other loops
 * while the socket is shared, a duplicate of loop 0's listener. The own listener stays open and watched whatever the
 * distribution: the group's program steers new connections to loop 0's socket, and what was already queued (or still
 * in its handshake) on the own listener is accepted as it arrives, so a switch never closes a listening socket.
 * <p>
 * Under shared epoll there is one listening socket, registered by loop 0 in the one epoll instance; every other
 * loop holds a duplicate it never registers, and accepts from it when its thread is handed loop 0's registration.
 * <p>
 * Threading: loop thread only. It owns its listening fds (the own listener and the duplicate) and the reserve fds
 * and closes them.
 */
final class Acceptor {

	/** Connections accepted per wakeup; the listener is level-triggered, so the rest are reported again. */
	static final int ACCEPT_BUDGET = 64;

	/** How long the listener rests after the process ran out of file descriptors. */
	static final long SHED_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/** At most one warning per this interval while shedding, so a flood cannot flood the log too. */
	static final long SHED_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	/** The registration data of the duplicate of the shared socket ({@link EventLoop#TAG_LISTENER} is the own one). */
	static final long TAG_SHARED_LISTENER = -3;

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

	/** This loop's own listener. */
	private final Listener own;

	/** The duplicate of the shared socket (loops other than 0, while the socket is shared); fd -1 otherwise. */
	private final Listener shared;

	/** Whether it registers its listeners (false under shared epoll on loops other than 0). */
	private final boolean watches;

	private boolean paused;

	private boolean closed;

	private long restUntilNanos;

	private long lastShedLogNanos;

	private long shedsSinceLog;

	Acceptor(EventLoop loop, LoopCounters counters, RejectionReporter rejections, int listenFd,
			NativeBuffer peerAddress, int reserveSource, boolean watches) {
		this.loop = loop;
		this.watches = watches;
		this.counters = counters;
		this.rejections = rejections;
		this.peerAddress = peerAddress;
		this.reserveSource = reserveSource;
		this.own = new Listener(listenFd, EventLoop.TAG_LISTENER);
		this.shared = new Listener(-1, TAG_SHARED_LISTENER);
		update();
		acquireReserves();
	}

	/** Whether a registration's data names one of the listeners. */
	static boolean isListener(long data) {
		return data == EventLoop.TAG_LISTENER || data == TAG_SHARED_LISTENER;
	}

	/** The listener the registration data names is readable: one accept wakeup, then accept up to the budget. */
	void onReadable(long data, long now) {
		Listener listener = (data == TAG_SHARED_LISTENER) ? this.shared : this.own;
		if (listener.registered || (!this.watches && listener.fd >= 0 && !this.paused)) {
			this.counters.increment(LoopCounters.ACCEPT_WAKEUPS);
			accept(listener.fd, now);
		}
	}

	/** Accepts up to the budget from one listener, handing each new fd to the loop. */
	private void accept(int listenFd, long now) {
		if (this.reserveCount < this.reserveFds.length) {
			// Another thread took a descriptor freed while shedding: the reserve comes before any new connection.
			acquireReserves();
		}
		for (int i = 0; i < ACCEPT_BUDGET && !this.closed && this.restUntilNanos == 0; i++) {
			int fd = Sockets.accept(listenFd, this.peerAddress);
			this.counters.increment(LoopCounters.ACCEPTS);
			if (fd >= 0) {
				this.loop.accepted(fd, this.peerAddress);
			}
			else if (fd == IoResult.WOULD_BLOCK) {
				if (i == 0) {
					// Another loop took the connection this wakeup was for: the herd's cost.
					this.counters.increment(LoopCounters.ACCEPT_EMPTY);
				}
				return;
			}
			else if (fd == -Errno.EMFILE || fd == -Errno.ENFILE) {
				shed(listenFd, now);
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

	/**
	 * Applies a distribution to this loop's listeners: loop 0 changes only how its own listener is registered
	 * ({@code EPOLLEXCLUSIVE} or not); the other loops take or drop their duplicate of the shared socket. Nothing is
	 * closed but a duplicate, which leaves the shared socket and its queue open in loop 0.
	 * @param sharedFd a duplicate of the shared socket for this acceptor to own, or -1; closed at once when not needed
	 */
	void distribute(AcceptDistribution distribution, int sharedFd) {
		int mask = (distribution == AcceptDistribution.EXCLUSIVE) ? Epoll.EPOLLIN | Epoll.EPOLLEXCLUSIVE
				: Epoll.EPOLLIN;
		if (this.closed) {
			// Drained while the switch was on its way: nothing is watched any more.
			if (sharedFd >= 0) {
				Sockets.close(sharedFd);
			}
			return;
		}
		if (this.loop.index == 0) {
			this.own.mask = mask;
		}
		else if (distribution.sharesOneSocket()) {
			if (this.shared.fd < 0 && sharedFd >= 0) {
				this.shared.fd = sharedFd;
				sharedFd = -1;
			}
			this.shared.mask = mask;
		}
		else {
			dropShared();
		}
		if (sharedFd >= 0) {
			Sockets.close(sharedFd);
		}
		// A mask with EPOLLEXCLUSIVE cannot be set or cleared by a MOD (EINVAL): registrations are removed and added.
		reregister(this.own);
		reregister(this.shared);
	}

	/**
	 * Loop 0, first step of a distribution: points the {@code SO_REUSEPORT} group at this loop's listener (the shared
	 * socket) or gives it back to the kernel's hash, and makes a duplicate of the shared socket for each other loop.
	 * With one loop there is no group: nothing is steered.
	 * @param duplicates how many duplicates to make (0 when the other loops hold theirs already)
	 * @return the duplicates, owned by the caller
	 * @throws NativeIoException when the group cannot be steered or a duplicate cannot be made (none is left open)
	 */
	int[] share(AcceptDistribution distribution, int loops, int duplicates) throws NativeIoException {
		if (this.own.fd < 0) {
			throw new EngineStateException(EngineState.DRAINING, "The listeners are closed");
		}
		if (loops > 1) {
			if (distribution.sharesOneSocket()) {
				ReuseportSteering.steerToFirst(this.own.fd);
			}
			else {
				ReuseportSteering.spreadByHash(this.own.fd);
			}
		}
		int[] fds = new int[duplicates];
		for (int i = 0; i < duplicates; i++) {
			fds[i] = Sockets.dup(this.own.fd);
			if (fds[i] < 0) {
				int errno = -fds[i];
				for (int j = 0; j < i; j++) {
					Sockets.close(fds[j]);
				}
				throw Errno.exception("dup of the shared listener", errno);
			}
		}
		return fds;
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

	/**
	 * Every listener registration the backend holds now, with the mask it was registered with: the own listener and,
	 * on a loop other than 0 while the socket is shared, the duplicate of the shared socket; none while paused,
	 * resting or closed. A backend switch adds exactly these to the new backend ({@link BackendMove}).
	 */
	List<ListenerRegistration> registrations() {
		List<ListenerRegistration> registrations = new ArrayList<>(2);
		for (Listener listener : new Listener[] { this.own, this.shared }) {
			if (listener.fd >= 0 && listener.registered) {
				registrations.add(new ListenerRegistration(listener.fd, listener.registeredMask, listener.tag));
			}
		}
		return registrations;
	}

	/** Takes the listeners out of the backend and closes them; what only this loop's listener held is refused. */
	void closeListener() {
		this.closed = true;
		dropShared();
		if (this.own.fd >= 0) {
			// An explicit removal: other loops may hold duplicates, and epoll forgets an fd on close only once every
			// duplicate of it is closed.
			unwatch(this.own);
			Sockets.close(this.own.fd);
			this.own.fd = -1;
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
	private void shed(int listenFd, long now) {
		releaseReserves();
		for (int i = 0; i < ACCEPT_BUDGET; i++) {
			int fd = Sockets.accept(listenFd, this.peerAddress);
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

	/** Registers or removes the listeners according to the operator's pause and the rest. */
	private void update() {
		boolean wanted = this.watches && !this.closed && !this.paused && this.restUntilNanos == 0;
		for (Listener listener : new Listener[] { this.own, this.shared }) {
			if (listener.fd < 0 || wanted == listener.registered) {
				continue;
			}
			if (wanted) {
				watch(listener);
			}
			else {
				unwatch(listener);
			}
		}
	}

	/** Gives a registered listener its current mask. */
	private void reregister(Listener listener) {
		if (listener.registered && listener.registeredMask != listener.mask) {
			unwatch(listener);
		}
		update();
	}

	private void watch(Listener listener) {
		this.loop.register(listener.fd, listener.mask, listener.tag);
		listener.registered = true;
		listener.registeredMask = listener.mask;
	}

	private void unwatch(Listener listener) {
		if (listener.registered) {
			this.loop.unregister(listener.fd);
			listener.registered = false;
		}
	}

	/** Stops watching and closes the duplicate of the shared socket, if this loop holds one. */
	private void dropShared() {
		if (this.shared.fd >= 0) {
			unwatch(this.shared);
			Sockets.close(this.shared.fd);
			this.shared.fd = -1;
		}
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

	/** One listening fd of this loop and how it is registered. */
	private static final class Listener {

		private final long tag;

		private int fd;

		private int mask = Epoll.EPOLLIN;

		private int registeredMask;

		private boolean registered;

		private Listener(int fd, long tag) {
			this.fd = fd;
			this.tag = tag;
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

	/**
	 * One listening fd as the backend holds it.
	 * @param fd the listening socket (the own listener or the duplicate of the shared one)
	 * @param mask the mask it is registered with ({@code EPOLLIN}, with {@code EPOLLEXCLUSIVE} under
	 * {@link AcceptDistribution#EXCLUSIVE})
	 * @param tag the registration data that routes its readiness back here
	 */
	record ListenerRegistration(int fd, int mask, long tag) {
	}

}
