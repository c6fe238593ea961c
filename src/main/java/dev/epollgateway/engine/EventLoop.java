package dev.epollgateway.engine;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.epollgateway.engine.nativeio.Epoll;
import dev.epollgateway.engine.nativeio.Errno;
import dev.epollgateway.engine.nativeio.EventFd;
import dev.epollgateway.engine.nativeio.NativeBuffer;
import dev.epollgateway.engine.nativeio.NativeIoException;
import dev.epollgateway.engine.nativeio.Sockets;
import dev.epollgateway.engine.query.ConnectionFilter;
import dev.epollgateway.engine.query.ConnectionInfo;
import dev.epollgateway.engine.query.ConnectionQuery;
import dev.epollgateway.engine.query.KillMode;

/**
 * One reactor: a readiness backend (epoll, poll or select), its listener, its connections, and the thread that turns
 * it.
 * <p>
 * Each turn waits in the backend ({@code epoll_wait}, {@code poll} or {@code select}), dispatches the batch, serves
 * the ready-pending queue, runs the commands other threads posted (a trigger-mode switch is applied here, between two
 * batches, and so is a move to another backend), and expires idle connections.
 * <p>
 * The loop knows its engine only through a {@link LoopContext} (ids, slots, observer, events, configuration), and
 * answers commands with plain values or records.
 * <p>
 * Under {@link Topology#SHARED_EPOLL} the loop's backend is its own view of one epoll instance every loop waits
 * on ({@link SharedEpoll}): events for any connection reach it through {@link OwnedDispatch}, and its own state
 * is guarded by its {@link TurnLock} instead of by having one thread.
 * <p>
 * Threading: everything but {@link #submit} and {@link #counters} reads belongs to the loop
 * thread (under shared epoll: to whichever thread holds the loop's {@link TurnLock}). Other threads post commands to
 * a queue and wake the loop through its {@code eventfd}, at most one write per sleep. The loop owns and frees its
 * native memory (its backend, read buffer, chunks) when it ends.
 */
final class EventLoop implements Runnable, ReadinessBackend.ReadySink, SharedEpoll.Member {

	static final long TAG_WAKEUP = -1;

	static final long TAG_LISTENER = -2;

	/** Idle connections closed per turn at most, so that expiry never stalls echo traffic. */
	static final int EXPIRY_BUDGET = 1024;

	/** Under shared epoll, the longest sleep of a draining loop's thread. */
	static final long DRAINING_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	/**
	 * Under shared epoll, the longest sleep of any thread: another thread can serve a loop's commands and deadlines,
	 * but only the loop's own thread can end it once another has finished its drain, and no thread can wake one
	 * particular other out of {@code epoll_wait}.
	 */
	static final int SHARED_MAX_SLEEP_MILLIS = 500;

	/** Under shared epoll, loop i's wake-up {@code eventfd} is registered with this data minus i. */
	static final long SHARED_WAKEUP_TAGS = -16;


	private static final Logger logger = LoggerFactory.getLogger(EventLoop.class);

	final int index;

	final LoopCounters counters = new LoopCounters();

	private final ChunkPool chunkPool = new ChunkPool();

	private final NativeBuffer scratch = Sockets.newPeerAddressBuffer();

	private final LoopContext context;

	private final EventPublisher events;

	/**
	 * The backend this loop waits with; replaced only by {@link #moveTo} between two batches, so each wait and each
	 * batch's dispatch go to one implementation.
	 */
	private ReadinessBackend backend;

	private final EventFd wakeup;

	private final NativeBuffer readBuffer;

	private final ConnectionHandler handler;

	private final ConnectionTable table = new ConnectionTable();

	private final IdleList idleList = new IdleList();

	private final ReadyPendingQueue readyPending = new ReadyPendingQueue();

	private final Queue<Connection> lingering = new ArrayDeque<>();

	private final LoopCommands commands;

	private final long idleTimeoutNanos;

	private final long lingerNanos;

	private final int listenerPort;

	private final Acceptor acceptor;

	private final RejectionReporter rejections;

	private long drainDeadlineNanos;

	/** The one epoll instance every loop waits on; null under loop-per-thread. */
	private final SharedEpoll sharedEpoll;

	/** Guards this loop's state under shared epoll; null under loop-per-thread. */
	private final TurnLock turnLock;

	/** How this loop's thread works on connections under shared epoll; null under loop-per-thread. */
	private final OwnedDispatch owned;

	/** The registration data of this loop's wake-up eventfd. */
	private final long wakeupTag;

	/** Under shared epoll with an idle timeout: when this loop next scans its table for idle connections. */
	private long nextIdleScanNanos;

	private CompletableFuture<Void> drained;


	private long now;

	EventLoop(LoopContext context, int index, int listenFd, int listenerPort) throws NativeIoException {
		this(context, index, listenFd, listenerPort, null);
	}

	/**
	 * @param sharedEpoll the one epoll instance of a shared-epoll engine, or null for a loop with its own backend;
	 * under shared epoll only loop 0 registers its listener ({@code listenFd} is a duplicate of it on the others)
	 */
	EventLoop(LoopContext context, int index, int listenFd, int listenerPort, SharedEpoll sharedEpoll)
			throws NativeIoException {
		EngineConfig config = context.config();
		this.context = context;
		this.events = context.events();
		this.index = index;
		this.listenerPort = listenerPort;
		this.idleTimeoutNanos = config.idleTimeout().toNanos();
		this.lingerNanos = Math.max(config.drainTimeout().toNanos(), TimeUnit.SECONDS.toNanos(1));
		this.sharedEpoll = sharedEpoll;
		this.backend = (sharedEpoll != null) ? sharedEpoll.backend(config.maxEvents())
				: Backends.create(config.backend(), config.maxEvents());
		this.wakeup = new EventFd();
		this.commands = new LoopCommands(this.wakeup, sharedEpoll != null);
		this.readBuffer = NativeBuffer.allocate(config.readBufferSize());
		this.handler = new ConnectionHandler(this,
				(sharedEpoll != null) ? sharedEpoll.mode() : new TriggerModeCell(config.triggerMode()), this.counters,
				this.chunkPool, this.scratch, this.readBuffer, config.writeHighWatermark(), config.writeLowWatermark());
		this.turnLock = (sharedEpoll != null) ? new TurnLock(this::serveHandedWakeup) : null;
		this.owned = (sharedEpoll != null) ? new OwnedDispatch(this.handler, this.counters, this.idleTimeoutNanos)
				: null;
		this.now = System.nanoTime();
		if (sharedEpoll != null) {
			// One-shot: the thread handed it serves it (or leaves it to the lock's holder) and re-arms it.
			this.wakeupTag = SHARED_WAKEUP_TAGS - index;
			register(this.wakeup.fd(), Epoll.EPOLLIN | Epoll.EPOLLONESHOT, this.wakeupTag);
		}
		else {
			this.wakeupTag = TAG_WAKEUP;
			register(this.wakeup.fd(), Epoll.EPOLLIN, TAG_WAKEUP);
		}
		this.rejections = new RejectionReporter(this.events, index);
		this.acceptor = new Acceptor(this, this.counters, this.rejections, listenFd, this.scratch, this.wakeup.fd(),
				sharedEpoll == null || index == 0);
	}

	/**
	 * Runs a function on the loop thread between two batches.
	 * @return its result; completed exceptionally with {@link EngineStateException} when the loop has ended
	 */
	<T> CompletableFuture<T> submit(Function<EventLoop, T> function) {
		return this.commands.submit(function);
	}

	@Override
	public void run() {
		if (this.turnLock != null) {
			this.turnLock.acquire();
		}
		try {
			// Under shared epoll a drained loop may still own other loops' connections on its ready-pending queue:
			// it serves them before its thread ends, or nobody could.
			while (this.drained == null || !this.drained.isDone() || !this.readyPending.isEmpty()) {
				turn();
			}
		}
		catch (RuntimeException | Error ex) {
			logger.error("Event loop {} failed; closing its connections", this.index, ex);
		}
		finally {
			// What this thread still owns (its ready-pending queue) no other thread may touch: it closes it itself.
			Connection held;
			while ((held = this.readyPending.poll()) != null) {
				this.handler.close(held, CloseReason.DRAINED);
			}
			for (Connection connection : this.table.toArray()) {
				close(connection, CloseReason.DRAINED);
			}
			this.commands.close();
			release();
			if (this.drained != null) {
				this.drained.complete(null);
			}
			if (this.turnLock != null) {
				this.turnLock.release();
			}
		}
	}

	private void turn() {
		int timeout = nextTimeoutMillis();
		this.commands.sleeping();
		if (!this.commands.isEmpty()) {
			timeout = 0;
		}
		ReadinessBackend waiter = this.backend;
		if (this.turnLock != null) {
			this.sharedEpoll.publishDeadline(this.index, this.now, timeout);
			this.turnLock.release();
			// After the release: serving another loop's wake-up there may have published an earlier deadline.
			timeout = this.sharedEpoll.sleepMillis(System.nanoTime());
			timeout = (timeout < 0) ? SHARED_MAX_SLEEP_MILLIS : Math.min(timeout, SHARED_MAX_SLEEP_MILLIS);
		}
		long before = System.nanoTime();
		int ready = waiter.wait(timeout);
		long waited = System.nanoTime();
		if (this.turnLock != null) {
			this.turnLock.acquire();
		}
		this.commands.awake();
		this.now = waited;
		this.counters.add(LoopCounters.WAIT_NANOS, this.now - before);
		BackendKind kind = waiter.kind();
		this.counters.recordWait(kind, waiter.handedLastWait(), ready, this.now - before);
		if (ready < 0) {
			throw new IllegalStateException(Errno.exception(this.backend.kind().tag() + " wait", -ready));
		}
		this.counters.recordWakeup(ready);
		this.counters.add(LoopCounters.MODE_EVENTS + this.handler.mode().ordinal(), Math.max(0, ready));
		if (ready == 0) {
			this.counters.increment(LoopCounters.EMPTY_WAKEUPS);
		}
		else if (ready == this.backend.capacity()) {
			this.counters.increment(LoopCounters.FULL_EVENT_ARRAYS);
		}
		this.context.observeWakeup(ready);
		this.counters.add(LoopCounters.BACKEND_SCANNED + kind.ordinal(), waiter.dispatch(ready, this));
		serveReadyPending();
		if (this.turnLock != null) {
			if (this.turnLock.takePending()) {
				serveOwnWakeup();
			}
			this.sharedEpoll.serveDue(this.index, this.now);
		}
		this.commands.runAll(this);
		expire();
		long after = System.nanoTime();
		this.counters.add(LoopCounters.PROCESS_NANOS, after - this.now);
		this.counters.increment(LoopCounters.ITERATIONS);
	}

	/** One ready registration of the batch, from the backend's dispatch. */
	@Override
	public void onReady(int readyEvents, long data) {
		if (data == TAG_WAKEUP) {
			this.wakeup.reset();
			this.counters.increment(LoopCounters.EVENTFD_WAKEUPS);
		}
		else if (Acceptor.isListener(data)) {
			this.acceptor.onReadable(data, this.now);
		}
		else if (this.owned != null) {
			onSharedReady(readyEvents, data);
		}
		else {
			Connection connection = this.table.get(data);
			if (connection == null) {
				// Closed earlier in this batch; its fd may already belong to someone else.
				this.counters.increment(LoopCounters.STALE_EVENTS);
				return;
			}
			try {
				this.handler.onEvent(connection, readyEvents);
			}
			catch (RuntimeException ex) {
				contain(connection, ex);
			}
		}
	}

	/** Shared epoll: a connection's event (to whichever thread owns it) or a loop's wake-up. */
	private void onSharedReady(int readyEvents, long data) {
		if (data <= SHARED_WAKEUP_TAGS) {
			int loop = (int) (SHARED_WAKEUP_TAGS - data);
			if (loop == this.index) {
				serveOwnWakeup();
			}
			else {
				this.sharedEpoll.loop(loop).handOffWakeup();
			}
			return;
		}
		Connection connection = this.sharedEpoll.connection(data);
		if (connection == null) {
			this.counters.increment(LoopCounters.STALE_EVENTS);
			return;
		}
		this.owned.onEvent(connection, readyEvents);
	}

	@Override
	public void handOffWakeup() {
		this.turnLock.handOff();
	}

	@Override
	public void forgetClosed(Connection connection, CloseReason reason) {
		submit((home) -> home.forgetAtHome(connection, reason));
	}

	/** Shared epoll, this loop's thread: empties and re-arms the eventfd; the commands run at the end of the turn. */
	private void serveOwnWakeup() {
		this.wakeup.reset();
		this.counters.increment(LoopCounters.EVENTFD_WAKEUPS);
		this.backend.modify(this.wakeup.fd(), Epoll.EPOLLIN | Epoll.EPOLLONESHOT, this.wakeupTag);
		this.counters.increment(LoopCounters.CTL_MOD);
	}

	/**
	 * Shared epoll, another thread holding this loop's {@link TurnLock} while this loop's thread sleeps: a turn
	 * without the wait. Its next deadline (what it left on the ready-pending queue is due at once) is published for
	 * every thread's next sleep.
	 */
	private void serveHandedWakeup() {
		if (this.commands.isClosed()) {
			return;
		}
		this.now = System.nanoTime();
		serveOwnWakeup();
		serveReadyPending();
		this.commands.runAll(this);
		expire();
		// Whichever thread sleeps next sleeps until this at the latest (this loop's own thread may be asleep).
		this.sharedEpoll.publishDeadline(this.index, this.now, nextTimeoutMillis());
	}

	/** A failure while handling one connection costs that connection, never the loop or its other clients. */
	private void contain(Connection connection, RuntimeException ex) {
		logger.error("Closing connection {} after an unexpected failure", connection.id, ex);
		this.handler.close(connection, CloseReason.ERROR);
	}

	private void serveReadyPending() {
		int count = this.readyPending.size();
		for (int i = 0; i < count; i++) {
			Connection connection = this.readyPending.poll();
			if (this.owned != null) {
				this.owned.resume(connection);
			}
			else if (!connection.closed) {
				try {
					this.handler.onReadyPending(connection);
				}
				catch (RuntimeException ex) {
					contain(connection, ex);
				}
			}
		}
		this.counters.set(LoopCounters.READY_PENDING_NOW, this.readyPending.size());
	}

	/** Takes on a connection the acceptor accepted, unless {@code max-connections} are open already. */
	void accepted(int fd, NativeBuffer peer) {
		if (!this.backend.canWatch(fd)) {
			reject(fd, peer, RejectReason.FD_SETSIZE);
			return;
		}
		if (!this.context.reserveConnectionSlot()) {
			Sockets.close(fd);
			this.counters.increment(LoopCounters.REJECTED + RejectReason.MAX_CONNECTIONS.ordinal());
			if (logger.isDebugEnabled()) {
				logger.debug("x {} (max-connections reached)", endpointText(peer));
			}
			this.rejections.rejected(RejectReason.MAX_CONNECTIONS, peer, this.now);
			return;
		}
		Connection connection = new Connection(this.context.nextConnectionId(), fd, this.index,
				(this.owned != null) ? new Ownership() : null, Sockets.addressBytes(peer), Sockets.port(peer),
				this.listenerPort, this.now);
		int mask = InterestMask.of(this.handler.mode(), true, false);
		// Known everywhere before the kernel may report it: under shared epoll another thread may be handed it at once.
		connection.interest = mask;
		this.table.put(connection);
		if (this.owned == null) {
			this.idleList.add(connection);
		}
		else {
			this.sharedEpoll.add(connection);
		}
		int rc = this.backend.add(fd, mask, connection.id);
		this.counters.increment(LoopCounters.CTL_ADD);
		if (rc < 0) {
			logger.warn("{} add failed for fd {}: {}", this.backend.kind().tag(), fd, Errno.describe(-rc));
			this.table.remove(connection.id);
			if (this.owned == null) {
				this.idleList.remove(connection);
			}
			else {
				this.sharedEpoll.remove(connection);
			}
			Sockets.close(fd);
			this.context.releaseConnectionSlot();
			return;
		}
		this.counters.increment(LoopCounters.ACTIVE);
		this.counters.increment(LoopCounters.ACCEPTED);
		if (logger.isDebugEnabled()) {
			logger.debug("+ {} (fd {}, id {})", connection.remoteEndpoint(), fd, connection.id);
		}
		long event = this.events.next();
		if (event != EventPublisher.NOBODY_LISTENS) {
			this.events.publish(event, EngineEvent.Type.CONNECTION_OPENED, connection.id, connection.remoteEndpoint(),
					null, "fd " + fd + ", loop " + this.index);
		}
	}

	/**
	 * Closes an accepted fd at once, counted by reason; select's fds at or above {@code FD_SETSIZE} end here, never in
	 * an {@code fd_set}.
	 */
	private void reject(int fd, NativeBuffer peer, RejectReason reason) {
		Sockets.close(fd);
		this.counters.increment(LoopCounters.REJECTED + reason.ordinal());
		if (logger.isDebugEnabled()) {
			logger.debug("x {} (fd {}, {})", endpointText(peer), fd, reason.tag());
		}
		this.rejections.rejected(reason, peer, this.now);
	}

	private void expire() {
		this.acceptor.expire(this.now);
		this.rejections.flush(this.now);
		if (this.idleTimeoutNanos > 0 && this.owned != null) {
			scanIdle();
		}
		else if (this.idleTimeoutNanos > 0) {
			for (int i = 0; i < EXPIRY_BUDGET; i++) {
				Connection oldest = this.idleList.oldest();
				if (oldest == null || this.now - oldest.lastActivityNanos < this.idleTimeoutNanos) {
					break;
				}
				if (logger.isDebugEnabled()) {
					logger.debug("idle timeout for id {}", oldest.id);
				}
				this.handler.close(oldest, CloseReason.IDLE_TIMEOUT);
			}
		}
		while (!this.lingering.isEmpty()) {
			Connection connection = this.lingering.peek();
			if (!connection.closed && this.now - connection.lingerStartNanos < this.lingerNanos) {
				break;
			}
			this.lingering.poll();
			if (this.owned != null) {
				if (!connection.closed) {
					this.owned.request(connection, Ownership.LINGER_EXPIRED);
				}
			}
			else {
				this.handler.close(connection, connection.closeReason);
			}
		}
		if (this.drained != null) {
			if (this.table.size() > 0 && this.now - this.drainDeadlineNanos >= 0) {
				for (Connection connection : this.table.toArray()) {
					close(connection, CloseReason.DRAINED);
				}
			}
			if (this.table.size() == 0) {
				this.drained.complete(null);
			}
		}
	}

	/**
	 * Shared epoll keeps no idle list (the threads that touch a connection are not its home loop's): the table is
	 * scanned a few times per timeout instead, and each connection found idle is checked again by its owner.
	 */
	private void scanIdle() {
		if (this.now - this.nextIdleScanNanos < 0) {
			return;
		}
		this.nextIdleScanNanos = this.now + Math.max(this.idleTimeoutNanos / 4, TimeUnit.MILLISECONDS.toNanos(10));
		for (Connection connection : this.table.toArray()) {
			if (this.now - connection.lastActivityNanos >= this.idleTimeoutNanos) {
				this.owned.request(connection, Ownership.IDLE_CHECK);
			}
		}
	}

	/** Closes a connection of this loop at once, through its owner under shared epoll. */
	private void close(Connection connection, CloseReason reason) {
		if (this.owned != null) {
			this.owned.request(connection, Ownership.FORCE_CLOSE);
		}
		else {
			this.handler.close(connection, reason);
		}
	}

	private int nextTimeoutMillis() {
		if (!this.readyPending.isEmpty()) {
			return 0;
		}
		long wait = Math.min(this.acceptor.nanosUntilRestEnds(this.now), this.rejections.nanosUntilFlush(this.now));
		if (this.idleTimeoutNanos > 0 && this.idleList.oldest() != null) {
			wait = Math.min(wait, this.idleList.oldest().lastActivityNanos + this.idleTimeoutNanos - this.now);
		}
		if (!this.lingering.isEmpty()) {
			wait = Math.min(wait, this.lingering.peek().lingerStartNanos + this.lingerNanos - this.now);
		}
		if (this.drained != null) {
			wait = Math.min(wait, this.drainDeadlineNanos - this.now);
			if (this.owned != null) {
				// Another thread may finish this loop's drain while its thread sleeps; only its thread can end it.
				wait = Math.min(wait, DRAINING_SLEEP_NANOS);
			}
		}
		if (wait == Long.MAX_VALUE) {
			return -1;
		}
		// Round up: waking a little late is harmless, waking early spins until the deadline.
		return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (wait + 999_999) / 1_000_000));
	}

	// ---- used by ConnectionHandler ----

	void touch(Connection connection) {
		connection.lastActivityNanos = this.now;
		if (this.idleTimeoutNanos > 0 && this.owned == null) {
			this.idleList.touch(connection);
		}
	}

	void enqueueReadyPending(Connection connection) {
		if (this.readyPending.offer(connection)) {
			this.counters.increment(LoopCounters.READY_PENDING_QUEUED);
			this.counters.max(LoopCounters.READY_PENDING_MAX, this.readyPending.size());
		}
	}

	void linger(Connection connection) {
		connection.lingerStartNanos = this.now;
		this.lingering.add(connection);
	}

	boolean modify(Connection connection, int mask) {
		if (connection.ownership != null) {
			// The I/O is done: a thread handed the connection from here on (a oneshot re-arm) is no collision.
			connection.ownership.inIo = false;
		}
		int rc = this.backend.modify(connection.fd, mask, connection.id);
		this.counters.increment(LoopCounters.CTL_MOD);
		if (rc < 0) {
			logger.warn("{} modify failed for id {}: {}", this.backend.kind().tag(), connection.id,
					Errno.describe(-rc));
			return false;
		}
		connection.interest = mask;
		return true;
	}

	void forget(Connection connection, CloseReason reason) {
		if (this.sharedEpoll != null) {
			this.sharedEpoll.remove(connection);
			if (connection.homeLoop != this.index) {
				// Its home keeps its table and its counts; a home that has ended has nothing left to count.
				this.sharedEpoll.loop(connection.homeLoop).forgetClosed(connection, reason);
				return;
			}
		}
		forgetAtHome(connection, reason);
	}

	/** The home loop's part of a close: its table, its counts, the slot, the log line and the event. */
	private Void forgetAtHome(Connection connection, CloseReason reason) {
		this.table.remove(connection.id);
		if (this.idleTimeoutNanos > 0 && this.owned == null) {
			this.idleList.remove(connection);
		}
		this.counters.add(LoopCounters.ACTIVE, -1);
		this.counters.increment(LoopCounters.CLOSED + reason.ordinal());
		this.context.releaseConnectionSlot();
		if (logger.isDebugEnabled()) {
			logger.debug("- id {} ({})", connection.id, reason.words());
		}
		long event = this.events.next();
		if (event != EventPublisher.NOBODY_LISTENS) {
			this.events.publish(event, (reason == CloseReason.KILLED) ? EngineEvent.Type.CONNECTION_KILLED
					: EngineEvent.Type.CONNECTION_CLOSED, connection.id, connection.remoteEndpoint(), reason,
					reason.words());
		}
		return null;
	}

	// ---- commands, run on the loop thread ----

	/** Applies a trigger mode to this loop and every live connection of it. */
	ModeApplied switchMode(TriggerMode newMode) {
		long started = System.nanoTime();
		if (this.owned == null) {
			int rearmed = this.handler.switchMode(newMode, this.table.toArray());
			return new ModeApplied(rearmed, System.nanoTime() - started);
		}
		// Shared epoll: the mode is every loop's; each connection is re-armed by its owner, or here if it has none.
		this.handler.switchMode(newMode, new Connection[0]);
		int rearmed = 0;
		for (Connection connection : this.table.toArray()) {
			this.owned.request(connection, Ownership.REARM);
			if (!connection.closed) {
				rearmed++;
			}
		}
		return new ModeApplied(rearmed, System.nanoTime() - started);
	}

	/**
	 * Loop 0: steers the listening port for a distribution and duplicates the shared socket for the other loops
	 * ({@link Acceptor#share}); then applies the distribution here. A command, or set-up before the thread starts.
	 */
	int[] shareListener(AcceptDistribution distribution, int loops, int duplicates) {
		try {
			int[] fds = this.acceptor.share(distribution, loops, duplicates);
			this.acceptor.distribute(distribution, -1);
			return fds;
		}
		catch (NativeIoException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	/**
	 * Applies a distribution to this loop's listeners, taking ownership of {@code sharedFd} (a duplicate of the
	 * shared socket, or -1); see {@link Acceptor#distribute}. A command, or set-up before the thread starts.
	 */
	Void distribute(AcceptDistribution distribution, int sharedFd) {
		this.acceptor.distribute(distribution, sharedFd);
		return null;
	}

	/** How many of this loop's fds a backend of this kind could not watch. */
	int unwatchableBy(BackendKind target) {
		return BackendMove.unwatchable(target, this.wakeup.fd(), this.acceptor.registrations(), this.table);
	}

	/**
	 * Moves the wake-up eventfd, every listener registration of the acceptor (its own listener and the duplicate of
	 * the shared socket, each with its mask) and every connection to a new backend of this kind, then closes the old
	 * one; nothing changes when the loop waits with this kind already, or when some fd cannot be watched by it.
	 */
	BackendMoved moveTo(BackendKind target) {
		long started = System.nanoTime();
		if (this.backend.kind() == target) {
			return new BackendMoved(target, 0, 0, 0);
		}
		int unwatchable = unwatchableBy(target);
		if (unwatchable > 0) {
			return new BackendMoved(this.backend.kind(), 0, unwatchable, System.nanoTime() - started);
		}
		Connection[] connections = this.table.toArray();
		List<Acceptor.ListenerRegistration> listeners = this.acceptor.registrations();
		ReadinessBackend next = BackendMove.build(target, this.context.config().maxEvents(), this.wakeup.fd(),
				listeners, connections);
		ReadinessBackend old = this.backend;
		this.backend = next;
		old.close();
		int moved = 0;
		for (Connection connection : connections) {
			if (!connection.closed) {
				moved++;
			}
		}
		this.counters.add(LoopCounters.CTL_ADD, moved + 1 + listeners.size());
		for (Connection connection : connections) {
			// A no-op while the registered mask is what the connection's state calls for; kept so the new backend
			// never holds a mask the one path for every change would not give.
			this.handler.updateInterest(connection);
		}
		return new BackendMoved(target, moved, 0, System.nanoTime() - started);
	}

	/** Pauses or resumes accepting. */
	Void setAcceptPaused(boolean paused) {
		this.acceptor.setPaused(paused);
		return null;
	}

	/** Closes the listener and gracefully closes every connection until the deadline. */
	CompletableFuture<Void> drain(long deadlineNanos) {
		if (this.drained == null) {
			this.drained = new CompletableFuture<>();
			this.drainDeadlineNanos = deadlineNanos;
			this.acceptor.closeListener();
			for (Connection connection : this.table.toArray()) {
				if (this.owned != null) {
					this.owned.request(connection, Ownership.DRAIN);
				}
				else {
					this.handler.beginGracefulClose(connection, CloseReason.DRAINED);
				}
			}
		}
		return this.drained;
	}

	/** Kills one connection. @return whether this loop had it */
	boolean kill(long id, KillMode killMode) {
		Connection connection = this.table.get(id);
		if (connection == null) {
			return false;
		}
		kill(connection, killMode);
		return true;
	}

	/** Kills the connections matching a filter, at most {@code max}, oldest first. */
	KillCount kill(ConnectionFilter filter, KillMode killMode, long max, boolean dryRun) {
		long matched = 0;
		long killed = 0;
		long nowMillis = System.currentTimeMillis();
		for (Connection connection : this.table.toArray()) {
			if (!ConnectionSnapshots.matches(connection, filter, this.now, nowMillis)) {
				continue;
			}
			matched++;
			if (!dryRun && killed < max) {
				kill(connection, killMode);
				killed++;
			}
		}
		return new KillCount(matched, killed);
	}

	private void kill(Connection connection, KillMode killMode) {
		if (this.owned != null) {
			this.owned.request(connection,
					(killMode == KillMode.ABORT) ? Ownership.KILL_ABORT : Ownership.KILL_GRACEFUL);
		}
		else if (killMode == KillMode.ABORT) {
			this.handler.abort(connection, CloseReason.KILLED);
		}
		else {
			this.handler.beginGracefulClose(connection, CloseReason.KILLED);
		}
	}

	/** One page of this loop's connections. */
	ConnectionSnapshots.LoopPage page(ConnectionQuery query) {
		return ConnectionSnapshots.page(this.table, query, this.index, System.nanoTime(), System.currentTimeMillis());
	}

	/** One connection's snapshot, or null. */
	ConnectionInfo snapshot(long id) {
		Connection connection = this.table.get(id);
		return (connection != null) ? ConnectionSnapshots.info(connection, this.index, System.nanoTime(),
				System.currentTimeMillis()) : null;
	}

	/** This loop's interest list, the engine's record next to the backend's (the kernel's, for epoll). */
	InterestList.Loop interestList() {
		return this.backend.interestList(this.index, this.table);
	}

	// ---- set-up and tear-down ----

	/** Adds an fd to the backend's watched set; a failure here is a broken loop. */
	void register(int fd, int mask, long data) {
		int rc = this.backend.add(fd, mask, data);
		this.counters.increment(LoopCounters.CTL_ADD);
		if (rc < 0) {
			throw new IllegalStateException(Errno.exception(this.backend.kind().tag() + " add of fd " + fd, -rc));
		}
	}

	/** Takes an fd that stays open out of the backend's watched set. */
	void unregister(int fd) {
		this.backend.remove(fd);
		this.counters.increment(LoopCounters.CTL_DEL);
	}

	/** Tells the backend that a watched fd is about to be closed (free on epoll, which forgets closed fds itself). */
	void closing(int fd) {
		this.backend.removeClosing(fd);
	}

	/** Frees what the constructor allocated, for a loop whose thread never started. */
	void releaseUnstarted() {
		this.commands.close();
		release();
	}

	private void release() {
		this.acceptor.close();
		this.backend.close();
		if (this.sharedEpoll != null) {
			this.sharedEpoll.release();
		}
		this.wakeup.close();
		this.readBuffer.close();
		this.scratch.close();
		this.chunkPool.close();
	}

	private static String endpointText(NativeBuffer peer) {
		try {
			return java.net.InetAddress.getByAddress(Sockets.addressBytes(peer)).getHostAddress() + ":"
					+ Sockets.port(peer);
		}
		catch (java.net.UnknownHostException ex) {
			return "?";
		}
	}

}
