package dev.epollgateway.engine;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import dev.epollgateway.engine.nativeio.Epoll;
import dev.epollgateway.engine.nativeio.NativeIoException;
import dev.epollgateway.engine.nativeio.Sockets;
import dev.epollgateway.engine.query.ConnectionFilter;
import dev.epollgateway.engine.query.ConnectionInfo;
import dev.epollgateway.engine.query.ConnectionPage;
import dev.epollgateway.engine.query.ConnectionQuery;
import dev.epollgateway.engine.query.KillMode;
import dev.epollgateway.engine.query.KillResult;

/**
 * The epoll echo engine: one or more event loops, each on its own thread with its own epoll instance and listener
 * ({@link Topology#LOOP_PER_THREAD}), or all waiting on one epoll instance that holds every connection and the one
 * listener ({@link Topology#SHARED_EPOLL}).
 * <p>
 * Threading: every method may be called from any thread. Nothing here touches a connection directly: operations
 * are posted to the loops as commands (woken through an {@code eventfd}) and answered through futures, which
 * complete on a loop thread. Listeners and observers are called on loop threads. State changes (start, switch,
 * pause, drain) are serialized by this object's monitor, so every loop sees them in the same order.
 */
public final class EpollEngine implements AutoCloseable {

	private final EngineConfig config;

	private final SharedLoopContext shared;

	private final EventPublisher events;

	private volatile List<EventLoop> loops = List.of();

	private final List<Thread> threads = new ArrayList<>();

	private volatile EngineState state = EngineState.STOPPED;

	private volatile InetSocketAddress localAddress;

	private volatile Instant drainDeadline;

	private volatile CompletableFuture<Void> drainFuture;

	/** The trigger mode, the readiness backend and the accept distribution, and their live switches. */
	private final LiveSwitches switches;

	private boolean started;

	/** Creates an engine; nothing is bound until {@link #start()}. */
	public EpollEngine(EngineConfig config) {
		this.config = config;
		this.shared = new SharedLoopContext(config);
		this.events = this.shared.events();
		this.switches = new LiveSwitches(config, this.events);
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
		String refusal = Backends.refusal(this.config);
		if (refusal != null) {
			throw new EngineStartException(refusal);
		}
		this.started = true;
		boolean sharedTopology = this.config.topology() == Topology.SHARED_EPOLL;
		ListenerSockets.Bound listeners = sharedTopology ? ListenerSockets.bindShared(this.config)
				: ListenerSockets.bind(this.config);
		List<EventLoop> created = new ArrayList<>();
		SharedEpoll sharedEpoll = null;
		try {
			sharedEpoll = sharedTopology ? new SharedEpoll(this.config.triggerMode()) : null;
			for (int i = 0; i < listeners.fds().size(); i++) {
				created.add(new EventLoop(this.shared, i, listeners.fds().get(i), listeners.local().getPort(),
						sharedEpoll));
			}
			if (sharedEpoll != null) {
				sharedEpoll.setLoops(created);
			}
			else {
				LiveSwitches.distributeBeforeStart(created, this.config.acceptDistribution());
			}
		}
		catch (NativeIoException | RuntimeException ex) {
			// A loop owns its listener from its creation on: close only the listeners no loop took.
			created.forEach(EventLoop::releaseUnstarted);
			listeners.fds().subList(created.size(), listeners.fds().size()).forEach(Sockets::close);
			if (sharedEpoll != null) {
				sharedEpoll.releaseUnused();
			}
			throw new EngineStartException(ListenerSockets.cannotStart(listeners.requested(), ex), ex);
		}
		this.localAddress = listeners.local();
		this.loops = List.copyOf(created);
		for (EventLoop loop : this.loops) {
			Thread thread = new Thread(loop, "epoll-loop-" + loop.index);
			thread.setDaemon(false);
			this.threads.add(thread);
		}
		this.state = EngineState.RUNNING;
		this.threads.forEach(Thread::start);
	}

	/**
	 * How the echo path reads and sends: {@code jdk} (the JDK's own JNI, when the JVM opens {@code sun.nio.ch} and
	 * {@code java.io} to the application) or {@code jna}.
	 */
	public String dataPathBinding() {
		return Sockets.dataPathBinding();
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

	/**
	 * The trigger mode in force: the configured one, then the mode of the last switch once every loop has applied
	 * it (while a switch is under way, the mode before it).
	 */
	public TriggerMode triggerMode() {
		return this.switches.triggerMode();
	}

	/**
	 * The readiness backend every loop waits with: the configured one, then the backend of the last switch once every
	 * loop has moved to it (while a switch is under way, the backend before it).
	 */
	public BackendKind backend() {
		return this.switches.backend();
	}

	/** Live connections over all loops. */
	public int activeConnections() {
		return this.shared.activeConnections();
	}

	/**
	 * Switches every live and every later connection to a trigger mode; each loop applies it between two
	 * {@code epoll_wait} batches. {@link #triggerMode()} changes when the last loop has applied it, just before the
	 * future completes.
	 * @throws EngineStateException when the engine is not running, paused or draining
	 */
	public synchronized CompletableFuture<ModeSwitch> switchTriggerMode(TriggerMode mode) {
		requireLoops("switch the trigger mode");
		return this.switches.switchMode(this.loops, mode);
	}

	/** How the loops share the listening port: the configured distribution, then that of the last completed switch. */
	public AcceptDistribution acceptDistribution() {
		return this.switches.acceptDistribution();
	}

	/**
	 * Switches how the loops share the listening port, without dropping a connection: no listening socket is closed
	 * (see {@link LiveSwitches} for how, and for the one queue it shares with {@link #switchBackend}).
	 * {@link #acceptDistribution()} changes when the last loop has applied one.
	 * @return completes when every loop has applied it; fails with {@link UnsupportedSettingException}, nothing
	 * changed, for {@code exclusive} while the live backend is poll or select (they have no {@code EPOLLEXCLUSIVE})
	 * @throws EngineStateException unless running or paused
	 */
	public synchronized CompletableFuture<AcceptDistributionSwitch> switchAcceptDistribution(
			AcceptDistribution target) {
		Objects.requireNonNull(target, "target");
		requireLoops("switch the accept distribution");
		if (this.state != EngineState.RUNNING && this.state != EngineState.PAUSED) {
			throw new EngineStateException(this.state,
					"Cannot switch the accept distribution while the engine is " + this.state);
		}
		return this.switches.switchDistribution(this.loops, target);
	}

	/**
	 * Moves every loop, with its listener registrations (its own listener and, while the socket is shared, the
	 * duplicate of the shared one, each with its mask) and every live connection, to another readiness backend; each
	 * loop moves between two batches, and data waiting at that moment is echoed from the new backend. Switches run in
	 * the order asked for, in one queue with {@link #switchAcceptDistribution} ({@link LiveSwitches}).
	 * {@link #backend()} changes when the last loop has moved. Asking for the backend in force moves nothing.
	 * <p>
	 * Refused, with nothing changed: poll or select while the trigger mode is edge or oneshot, or while the accept
	 * distribution in force when the switch starts is {@code exclusive} (the future fails with
	 * {@link UnsupportedSettingException}); select while a loop holds an fd at or above {@code FD_SETSIZE} or
	 * while {@code max-connections} could take the loops there ({@link FdSetSizeExceededException}). A loop that
	 * accepts such an fd while the switch is under way refuses to move, and the loops that had moved go back.
	 * @throws EngineStateException when the engine is not started, draining or stopped
	 */
	public synchronized CompletableFuture<BackendSwitch> switchBackend(BackendKind target) {
		Objects.requireNonNull(target, "target");
		requireLoops("switch the readiness backend");
		if (this.state == EngineState.DRAINING || this.state == EngineState.STOPPED) {
			throw new EngineStateException(this.state,
					"Cannot switch the readiness backend while the engine is " + this.state);
		}
		return this.switches.switchBackend(this.loops, target);
	}

	/** One page of connections, snapshotted on the loop threads. */
	public CompletableFuture<ConnectionPage> connections(ConnectionQuery query) {
		requireLoops("list connections");
		Instant snapshotAt = Instant.now();
		return LoopFanOut.onEvery(this.loops, (loop) -> loop.page(query),
				(pages) -> ConnectionSnapshots.merge(pages, query, snapshotAt));
	}

	/** One connection by id, empty when there is none. */
	public CompletableFuture<Optional<ConnectionInfo>> connection(long id) {
		requireLoops("look up a connection");
		return LoopFanOut.onEvery(this.loops, (loop) -> loop.snapshot(id),
				(all) -> all.stream().filter(Objects::nonNull).findFirst());
	}

	/** Kills one connection; completes with false when there is no connection with that id. */
	public CompletableFuture<Boolean> kill(long id, KillMode mode) {
		requireLoops("kill a connection");
		return LoopFanOut.onEvery(this.loops, (loop) -> loop.kill(id, mode), (all) -> all.contains(Boolean.TRUE));
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
		// Loop after loop, not all at once: each loop may kill only what the ones before it left of the maximum.
		CompletableFuture<KillCount> chain = CompletableFuture.completedFuture(new KillCount(0, 0));
		for (EventLoop loop : this.loops) {
			chain = chain.thenCompose((sum) -> loop.submit((l) -> l.kill(filter, mode, max - sum.killed(), dryRun))
				.thenApply(sum::plus));
		}
		return chain.thenApply((sum) -> new KillResult(sum.matched(), sum.killed(), dryRun));
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
		int open = this.shared.activeConnections();
		this.events.publish(EngineEvent.Type.DRAIN_STARTED, open + " connections, timeout " + timeout.toMillis() + " ms");
		// A loop that has ended already counts as drained.
		this.drainFuture = LoopFanOut.across(this.loops, (loop) -> loop.submit((l) -> l.drain(deadlineNanos))
			.thenCompose((future) -> future)
			.exceptionally((ex) -> null), (all) -> {
				this.state = EngineState.STOPPED;
				this.drainDeadline = null;
				this.events.publish(EngineEvent.Type.DRAIN_FINISHED, "engine stopped");
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
		List<LoopCounters> counters = this.loops.stream().map((loop) -> loop.counters).toList();
		return new CounterTotals(counters).toStatistics(this.state, this.switches.triggerMode(), this.config,
				this.switches.modeSwitchCount(), this.switches.lastModeSwitch(), this.switches.backend(),
				this.switches.backendSwitchCount(),
				this.switches.lastBackendSwitch(), this.switches.acceptDistribution(),
				this.switches.distributionSwitchCount());
	}

	/** The interest lists, the engine's record and the kernel's view, read on each loop between batches. */
	public CompletableFuture<InterestList> interestList() {
		requireLoops("read the interest list");
		return LoopFanOut.onEvery(this.loops, EventLoop::interestList, InterestList::new);
	}

	/** Whether every loop is alive and turning: each answers a no-op command within the timeout. */
	public boolean isAlive(Duration timeout) {
		return !this.loops.isEmpty() && this.state != EngineState.STOPPED
				&& LoopFanOut.allAnswerWithin(this.loops, timeout);
	}

	/** Adds a listener for connection and engine events. */
	public void addEventListener(EngineEventListener listener) {
		this.events.addListener(listener);
	}

	/** Removes a listener added before. */
	public void removeEventListener(EngineEventListener listener) {
		this.events.removeListener(listener);
	}

	/** Sets the observer of ready-list sizes (one at a time; null removes it). */
	public void setReadyListObserver(ReadyListObserver observer) {
		this.shared.setReadyListObserver(observer);
	}

	private CompletableFuture<Void> setAcceptPaused(boolean paused, EngineState next, EngineEvent.Type type) {
		if (this.state != EngineState.RUNNING && this.state != EngineState.PAUSED) {
			throw new EngineStateException(this.state,
					"Cannot " + (paused ? "pause" : "resume") + " accepting while the engine is " + this.state);
		}
		CompletableFuture<Void> acks = LoopFanOut.onAll(this.loops, (loop) -> loop.setAcceptPaused(paused));
		this.state = next;
		this.events.publish(type, paused ? "accepting paused" : "accepting resumed");
		return acks;
	}

	private void requireLoops(String action) {
		if (this.loops.isEmpty()) {
			throw new EngineStateException(this.state, "Cannot " + action + ": the engine has not been started");
		}
	}

	/**
	 * Runs a command on one loop, between two batches; for this package's tests (e.g. to hold every loop but one, so
	 * that loop alone must accept).
	 */
	<T> CompletableFuture<T> onLoop(int index, Function<EventLoop, T> command) {
		requireLoops("run a command on a loop");
		return this.loops.get(index).submit(command);
	}

}
