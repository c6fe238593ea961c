package dev.epollgateway.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.epollgateway.engine.nativeio.Epoll;
import dev.epollgateway.engine.nativeio.Errno;
import dev.epollgateway.engine.nativeio.NativeIoException;
import dev.epollgateway.engine.nativeio.Sockets;
import dev.epollgateway.engine.query.ConnectionCursor;
import dev.epollgateway.engine.query.ConnectionFilter;
import dev.epollgateway.engine.query.ConnectionInfo;
import dev.epollgateway.engine.query.ConnectionPage;
import dev.epollgateway.engine.query.ConnectionQuery;
import dev.epollgateway.engine.query.KillMode;
import dev.epollgateway.engine.query.KillResult;

/**
 * The epoll echo engine: one or more event loops, each on its own thread with its own epoll instance and listener.
 * <p>
 * Threading: every method may be called from any thread. Nothing here touches a connection directly: operations
 * are posted to the loops as commands (woken through an {@code eventfd}) and answered through futures, which
 * complete on a loop thread. Listeners and observers are called on loop threads. State changes (start, switch,
 * pause, drain) are serialized by this object's monitor, so every loop sees them in the same order.
 */
public final class EpollEngine implements AutoCloseable {

	private final EngineConfig config;

	private final AtomicLong connectionIds = new AtomicLong();

	private final AtomicInteger activeConnections = new AtomicInteger();

	private final List<EngineEventListener> listeners = new CopyOnWriteArrayList<>();

	private volatile List<EventLoop> loops = List.of();

	private final List<Thread> threads = new ArrayList<>();

	private volatile ReadyListObserver readyListObserver;

	private volatile EngineState state = EngineState.STOPPED;

	private volatile TriggerMode triggerMode;

	private volatile InetSocketAddress localAddress;

	private volatile Instant drainDeadline;

	private volatile CompletableFuture<Void> drainFuture;

	private volatile ModeSwitch lastSwitch;

	private final AtomicLong modeSwitchCount = new AtomicLong();

	private boolean started;

	/** Creates an engine; nothing is bound until {@link #start()}. */
	public EpollEngine(EngineConfig config) {
		this.config = config;
		this.triggerMode = config.triggerMode();
	}

	/**
	 * Binds the listeners and starts the loops.
	 * @throws EngineStartException with one sentence for the operator when the engine cannot start
	 * @throws EngineStateException when the engine was started before (an engine starts once)
	 */
	public synchronized void start() {
		if (this.started) {
			throw new EngineStateException(this.state, "The engine was started before; create a new one");
		}
		if (!Epoll.isAvailable()) {
			throw new EngineStartException(Epoll.unavailabilityCause());
		}
		this.started = true;
		InetSocketAddress requested = resolve();
		List<Integer> listenFds = new ArrayList<>();
		List<EventLoop> created = new ArrayList<>();
		try {
			boolean reusePort = this.config.loops() > 1;
			InetSocketAddress bindTo = requested;
			for (int i = 0; i < this.config.loops(); i++) {
				int fd = listen(bindTo, reusePort);
				listenFds.add(fd);
				if (i == 0) {
					this.localAddress = Sockets.localAddress(fd);
					// With port 0 the first listener picks the port; the others share it through SO_REUSEPORT.
					bindTo = new InetSocketAddress(requested.getAddress(), this.localAddress.getPort());
				}
			}
			for (int i = 0; i < listenFds.size(); i++) {
				created.add(new EventLoop(this, i, listenFds.get(i), this.localAddress.getPort()));
			}
		}
		catch (NativeIoException | RuntimeException ex) {
			// A loop owns its listener from its creation on: close only the listeners no loop took.
			created.forEach(EventLoop::releaseUnstarted);
			listenFds.subList(created.size(), listenFds.size()).forEach(Sockets::close);
			if (ex instanceof EngineStartException startFailure) {
				throw startFailure;
			}
			throw new EngineStartException("Cannot start the epoll engine on " + text(requested) + ": "
					+ ex.getMessage(), ex);
		}
		this.loops = List.copyOf(created);
		for (EventLoop loop : this.loops) {
			Thread thread = new Thread(loop, "epoll-loop-" + loop.index);
			thread.setDaemon(false);
			this.threads.add(thread);
		}
		this.state = EngineState.RUNNING;
		this.threads.forEach(Thread::start);
	}

	/** The configuration this engine was created with. */
	public EngineConfig config() {
		return this.config;
	}

	/** The address the listeners are bound to (the real port when 0 was configured); null before start. */
	public InetSocketAddress localAddress() {
		return this.localAddress;
	}

	/** The current state. */
	public EngineState state() {
		return this.state;
	}

	/** The trigger mode in force (the last one asked for, once every loop has applied it). */
	public TriggerMode triggerMode() {
		return this.triggerMode;
	}

	/** Live connections over all loops. */
	public int activeConnections() {
		return this.activeConnections.get();
	}

	/**
	 * Switches every live and every later connection to a trigger mode; each loop applies it between two
	 * {@code epoll_wait} batches.
	 * @throws EngineStateException when the engine is not running, paused or draining
	 */
	public synchronized CompletableFuture<ModeSwitch> switchTriggerMode(TriggerMode mode) {
		requireLoops("switch the trigger mode");
		TriggerMode previous = this.triggerMode;
		this.triggerMode = mode;
		List<CompletableFuture<long[]>> results = new ArrayList<>();
		for (EventLoop loop : this.loops) {
			results.add(loop.submit((l) -> l.switchMode(mode)));
		}
		return allOf(results).thenApply((all) -> {
			int rearmed = 0;
			long slowest = 0;
			for (long[] result : all) {
				rearmed += (int) result[0];
				slowest = Math.max(slowest, result[1]);
			}
			ModeSwitch done = new ModeSwitch(previous, mode, rearmed, slowest);
			this.lastSwitch = done;
			this.modeSwitchCount.incrementAndGet();
			publish(EngineEvent.Type.MODE_SWITCHED, 0, null, null, previous + " -> " + mode + " (" + rearmed
					+ " connections re-armed in " + done.switchMicros() + " us)");
			return done;
		});
	}

	/** One page of connections, snapshotted on the loop threads. */
	public CompletableFuture<ConnectionPage> connections(ConnectionQuery query) {
		requireLoops("list connections");
		List<CompletableFuture<ConnectionSnapshots.LoopPage>> pages = new ArrayList<>();
		for (EventLoop loop : this.loops) {
			pages.add(loop.submit((l) -> l.page(query)));
		}
		Instant snapshotAt = Instant.now();
		return allOf(pages).thenApply((all) -> {
			List<ConnectionInfo> items = new ArrayList<>();
			long matched = 0;
			long remaining = 0;
			for (ConnectionSnapshots.LoopPage page : all) {
				items.addAll(page.items());
				matched += page.matched();
				remaining += page.remaining();
			}
			Comparator<ConnectionInfo> order = query.sort().comparator();
			items.sort(order);
			List<ConnectionInfo> pageItems = List.copyOf(items.subList(0, Math.min(query.limit(), items.size())));
			ConnectionCursor next = null;
			if (remaining > pageItems.size() && !pageItems.isEmpty()) {
				ConnectionInfo last = pageItems.get(pageItems.size() - 1);
				next = new ConnectionCursor(query.sort(), last.valueOf(query.sort().key()), last.id());
			}
			return new ConnectionPage(pageItems, next, matched, snapshotAt);
		});
	}

	/** One connection by id, empty when there is none. */
	public CompletableFuture<Optional<ConnectionInfo>> connection(long id) {
		requireLoops("look up a connection");
		List<CompletableFuture<ConnectionInfo>> results = new ArrayList<>();
		for (EventLoop loop : this.loops) {
			results.add(loop.submit((l) -> l.snapshot(id)));
		}
		return allOf(results).thenApply((all) -> all.stream().filter((info) -> info != null).findFirst());
	}

	/** Kills one connection; completes with false when there is no connection with that id. */
	public CompletableFuture<Boolean> kill(long id, KillMode mode) {
		requireLoops("kill a connection");
		List<CompletableFuture<Boolean>> results = new ArrayList<>();
		for (EventLoop loop : this.loops) {
			results.add(loop.submit((l) -> l.kill(id, mode)));
		}
		return allOf(results).thenApply((all) -> all.contains(Boolean.TRUE));
	}

	/**
	 * Kills at most {@code max} connections that match the filter (none on a dry run), loop after loop; on each loop
	 * the oldest first (in id order).
	 */
	public CompletableFuture<KillResult> kill(ConnectionFilter filter, KillMode mode, long max, boolean dryRun) {
		requireLoops("kill connections");
		if (max < 0) {
			throw new IllegalArgumentException("max must not be negative (was " + max + ")");
		}
		CompletableFuture<long[]> chain = CompletableFuture.completedFuture(new long[2]);
		for (EventLoop loop : this.loops) {
			chain = chain.thenCompose((sum) -> loop.submit((l) -> l.kill(filter, mode, max - sum[1], dryRun))
				.thenApply((result) -> new long[] { sum[0] + result[0], sum[1] + result[1] }));
		}
		return chain.thenApply((sum) -> new KillResult(sum[0], sum[1], dryRun));
	}

	/**
	 * Stops accepting: listeners leave the epoll sets and new connections wait in the kernel's backlog. The state is
	 * {@code PAUSED} at once; each loop applies the pause on its own thread.
	 * @return completes when every loop has taken its listener out of its epoll set (a caller on a loop thread must
	 * not wait for it)
	 * @throws EngineStateException unless running or paused
	 */
	public synchronized CompletableFuture<Void> pauseAccepting() {
		return setAcceptPaused(true, EngineState.PAUSED, EngineEvent.Type.ACCEPT_PAUSED);
	}

	/**
	 * Accepts again after {@link #pauseAccepting()}.
	 * @return completes when every loop watches its listener again
	 * @throws EngineStateException unless running or paused
	 */
	public synchronized CompletableFuture<Void> resumeAccepting() {
		return setAcceptPaused(false, EngineState.RUNNING, EngineEvent.Type.ACCEPT_RESUMED);
	}

	/**
	 * Closes the listeners, then flushes and gracefully closes every connection; connections still open at the
	 * deadline are force-closed. Completes when every loop has ended and the engine is stopped. A second call joins
	 * the drain in progress.
	 * @throws EngineStateException when the engine is stopped
	 */
	public synchronized CompletableFuture<Void> drain(Duration timeout) {
		if (this.drainFuture != null) {
			return this.drainFuture;
		}
		if (this.state == EngineState.STOPPED) {
			throw new EngineStateException(this.state, "The engine is stopped");
		}
		this.state = EngineState.DRAINING;
		this.drainDeadline = Instant.now().plus(timeout);
		long deadlineNanos = System.nanoTime() + timeout.toNanos();
		int open = this.activeConnections.get();
		publish(EngineEvent.Type.DRAIN_STARTED, 0, null, null,
				open + " connections, timeout " + timeout.toMillis() + " ms");
		List<CompletableFuture<Void>> drained = new ArrayList<>();
		for (EventLoop loop : this.loops) {
			drained.add(loop.submit((l) -> l.drain(deadlineNanos)).thenCompose((future) -> future)
				.exceptionally((ex) -> null));
		}
		this.drainFuture = allOf(drained).thenApply((all) -> {
			this.state = EngineState.STOPPED;
			this.drainDeadline = null;
			publish(EngineEvent.Type.DRAIN_FINISHED, 0, null, null, "engine stopped");
			return null;
		});
		return this.drainFuture;
	}

	/** When the drain in progress force-closes what is left; null unless draining. */
	public Instant drainDeadline() {
		return this.drainDeadline;
	}

	/** Drains within the configured drain timeout (unless a drain runs already) and waits for the loops to end. */
	public void stop() {
		CompletableFuture<Void> drain;
		synchronized (this) {
			if (!this.started) {
				return;
			}
			drain = (this.drainFuture != null) ? this.drainFuture
					: (this.state == EngineState.STOPPED) ? null : drain(this.config.drainTimeout());
		}
		if (drain != null) {
			try {
				drain.get(this.config.drainTimeout().plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (java.util.concurrent.ExecutionException | TimeoutException ex) {
				// The loops force-close at the deadline; joining them below is what matters.
			}
		}
		for (Thread thread : this.threads) {
			if (thread != Thread.currentThread()) {
				try {
					thread.join(TimeUnit.SECONDS.toMillis(10));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public void close() {
		stop();
	}

	/** Counters and gauges over all loops, read without stopping them. */
	public EngineStatistics statistics() {
		long[] sum = new long[LoopCounters.SIZE];
		for (EventLoop loop : this.loops) {
			for (int slot = 0; slot < LoopCounters.SIZE; slot++) {
				if (slot == LoopCounters.BACKLOG_PEAK || slot == LoopCounters.READY_PENDING_MAX) {
					sum[slot] = Math.max(sum[slot], loop.counters.get(slot));
				}
				else {
					sum[slot] += loop.counters.get(slot);
				}
			}
		}
		Map<CloseReason, Long> closed = new EnumMap<>(CloseReason.class);
		for (CloseReason reason : CloseReason.values()) {
			closed.put(reason, sum[LoopCounters.CLOSED + reason.ordinal()]);
		}
		Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
		for (RejectReason reason : RejectReason.values()) {
			rejected.put(reason, sum[LoopCounters.REJECTED + reason.ordinal()]);
		}
		List<EngineStatistics.Bucket> histogram = new ArrayList<>();
		for (int i = 0; i < LoopCounters.HISTOGRAM_BUCKETS; i++) {
			histogram.add(new EngineStatistics.Bucket(LoopCounters.bucketUpperBound(i), sum[LoopCounters.HISTOGRAM + i]));
		}
		ModeSwitch last = this.lastSwitch;
		return new EngineStatistics(Instant.now(), this.state, this.triggerMode, this.config.loops(),
				new EngineStatistics.Connections(sum[LoopCounters.ACTIVE], sum[LoopCounters.ACCEPTED], closed, rejected),
				new EngineStatistics.ReadyList(sum[LoopCounters.WAKEUPS], sum[LoopCounters.EMPTY_WAKEUPS],
						sum[LoopCounters.EVENTFD_WAKEUPS], sum[LoopCounters.EVENTS], sum[LoopCounters.FULL_EVENT_ARRAYS],
						histogram, sum[LoopCounters.READY_PENDING_NOW], sum[LoopCounters.READY_PENDING_QUEUED],
						sum[LoopCounters.READY_PENDING_MAX]),
				new EngineStatistics.Buffers(sum[LoopCounters.BACKLOG_BYTES], sum[LoopCounters.BACKLOG_PEAK],
						sum[LoopCounters.CONNECTIONS_WITH_BACKLOG], sum[LoopCounters.PAUSED_READERS],
						sum[LoopCounters.READ_PAUSES], this.config.readBufferSize(), this.config.writeHighWatermark(),
						this.config.writeLowWatermark()),
				new EngineStatistics.Syscalls(sum[LoopCounters.WAKEUPS], sum[LoopCounters.READS],
						sum[LoopCounters.EAGAIN_READS], sum[LoopCounters.WRITES], sum[LoopCounters.EAGAIN_WRITES],
						sum[LoopCounters.SHORT_WRITES], sum[LoopCounters.CTL_ADD], sum[LoopCounters.CTL_MOD],
						sum[LoopCounters.CTL_DEL], sum[LoopCounters.REARMS], sum[LoopCounters.ACCEPTS]),
				new EngineStatistics.Traffic(sum[LoopCounters.BYTES_IN], sum[LoopCounters.BYTES_OUT],
						sum[LoopCounters.MESSAGES]),
				new EngineStatistics.LoopTiming(sum[LoopCounters.ITERATIONS], sum[LoopCounters.WAIT_NANOS],
						sum[LoopCounters.PROCESS_NANOS]),
				new EngineStatistics.ModeSwitches(this.modeSwitchCount.get(),
						(last != null) ? last.connectionsRearmed() : 0, (last != null) ? last.switchNanos() : 0));
	}

	/** The interest lists, the engine's record and the kernel's view, read on each loop between batches. */
	public CompletableFuture<InterestList> interestList() {
		requireLoops("read the interest list");
		List<CompletableFuture<InterestList.Loop>> results = new ArrayList<>();
		for (EventLoop loop : this.loops) {
			results.add(loop.submit(EventLoop::interestList));
		}
		return allOf(results).thenApply(InterestList::new);
	}

	/** Whether every loop is alive and turning: each answers a no-op command within the timeout. */
	public boolean isAlive(Duration timeout) {
		if (this.loops.isEmpty() || this.state == EngineState.STOPPED) {
			return false;
		}
		List<CompletableFuture<Boolean>> pings = new ArrayList<>();
		for (EventLoop loop : this.loops) {
			pings.add(loop.submit((l) -> Boolean.TRUE));
		}
		try {
			allOf(pings).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (java.util.concurrent.ExecutionException | TimeoutException ex) {
			return false;
		}
	}

	/** Adds a listener for connection and engine events. */
	public void addEventListener(EngineEventListener listener) {
		this.listeners.add(listener);
	}

	/** Removes a listener added before. */
	public void removeEventListener(EngineEventListener listener) {
		this.listeners.remove(listener);
	}

	/** Sets the observer of ready-list sizes (one at a time; null removes it). */
	public void setReadyListObserver(ReadyListObserver observer) {
		this.readyListObserver = observer;
	}

	// ---- called by the loops ----

	long nextConnectionId() {
		return this.connectionIds.incrementAndGet();
	}

	/** Takes one of the {@code max-connections} slots. @return false when none is left */
	boolean reserveConnectionSlot() {
		if (this.activeConnections.incrementAndGet() > this.config.maxConnections()) {
			this.activeConnections.decrementAndGet();
			return false;
		}
		return true;
	}

	void releaseConnectionSlot() {
		this.activeConnections.decrementAndGet();
	}

	void observeWakeup(int readyEvents) {
		ReadyListObserver observer = this.readyListObserver;
		if (observer != null) {
			observer.onWakeup(readyEvents);
		}
	}

	void publish(EngineEvent.Type type, long connectionId, String remote, CloseReason reason, String detail) {
		if (this.listeners.isEmpty()) {
			return;
		}
		EngineEvent event = new EngineEvent(type, Instant.now(), connectionId, remote, reason, detail);
		for (EngineEventListener listener : this.listeners) {
			try {
				listener.onEvent(event);
			}
			catch (RuntimeException ex) {
				// A listener's failure must never reach the loop.
			}
		}
	}

	// ---- internals ----

	private CompletableFuture<Void> setAcceptPaused(boolean paused, EngineState next, EngineEvent.Type type) {
		if (this.state != EngineState.RUNNING && this.state != EngineState.PAUSED) {
			throw new EngineStateException(this.state,
					"Cannot " + (paused ? "pause" : "resume") + " accepting while the engine is " + this.state);
		}
		List<CompletableFuture<Void>> acks = new ArrayList<>();
		for (EventLoop loop : this.loops) {
			acks.add(loop.submit((l) -> l.setAcceptPaused(paused)));
		}
		this.state = next;
		publish(type, 0, null, null, paused ? "accepting paused" : "accepting resumed");
		return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
	}

	private void requireLoops(String action) {
		if (this.loops.isEmpty()) {
			throw new EngineStateException(this.state, "Cannot " + action + ": the engine has not been started");
		}
	}

	private InetSocketAddress resolve() {
		try {
			return new InetSocketAddress(InetAddress.getByName(this.config.host()), this.config.port());
		}
		catch (UnknownHostException ex) {
			throw new EngineStartException("gateway.engine.host '" + this.config.host() + "' is not a known address",
					ex);
		}
	}

	private int listen(InetSocketAddress address, boolean reusePort) throws NativeIoException {
		try {
			return Sockets.listen(address, this.config.backlog(), reusePort, this.config.tcpNoDelay());
		}
		catch (NativeIoException ex) {
			if (ex.errno() == Errno.EADDRINUSE) {
				throw new EngineStartException("Address " + text(address) + " is already in use", ex);
			}
			throw ex;
		}
	}

	private static String text(InetSocketAddress address) {
		String host = address.getAddress().getHostAddress();
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
	}

	private static <T> CompletableFuture<List<T>> allOf(List<CompletableFuture<T>> futures) {
		return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
			.thenApply((ignored) -> futures.stream().map(CompletableFuture::join).toList());
	}

}
