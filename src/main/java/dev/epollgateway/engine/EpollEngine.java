package dev.epollgateway.engine;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * The epoll echo engine: one or more event loops, each on its own thread with its own epoll instance and listener.
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

	/** The mode every loop has applied; written only when a switch completes (switches complete in order). */
	private volatile TriggerMode triggerMode;

	private volatile InetSocketAddress localAddress;

	private volatile Instant drainDeadline;

	private volatile CompletableFuture<Void> drainFuture;

	private volatile ModeSwitch lastSwitch;

	private final AtomicLong modeSwitchCount = new AtomicLong();

	/** The distribution every loop has applied; written only when a switch completes (switches run one by one). */
	private volatile AcceptDistribution acceptDistribution;

	private final AtomicLong distributionSwitchCount = new AtomicLong();

	/** The mode the loops will be in once every posted mode switch is applied; guarded by this monitor. */
	private TriggerMode requestedMode;

	/** The backend every loop waits with; written only when a backend switch completes. */
	private volatile BackendKind backend;

	/** Backend switches asked for and not completed; a mode other than level is refused while there are any. */
	private final AtomicInteger pendingBackendSwitches = new AtomicInteger();

	/**
	 * The last backend or accept-distribution switch asked for; guarded by this monitor. The two kinds share one
	 * queue: the next switch of either kind starts when this one has ended, however it ended, so each checks the
	 * other setting as the loops have it then (see {@link #switchBackend} and {@link #switchAcceptDistribution}).
	 */
	private CompletableFuture<?> reshapeTail = CompletableFuture.completedFuture(null);

	private volatile BackendSwitch lastBackendSwitch;

	private final AtomicLong backendSwitchCount = new AtomicLong();

	private boolean started;

	/** Creates an engine; nothing is bound until {@link #start()}. */
	public EpollEngine(EngineConfig config) {
		this.config = config;
		this.shared = new SharedLoopContext(config);
		this.events = this.shared.events();
		this.triggerMode = config.triggerMode();
		this.acceptDistribution = config.acceptDistribution();
		this.requestedMode = config.triggerMode();
		this.backend = config.backend();
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
		ListenerSockets.Bound listeners = ListenerSockets.bind(this.config);
		List<EventLoop> created = new ArrayList<>();
		try {
			for (int i = 0; i < listeners.fds().size(); i++) {
				created.add(new EventLoop(this.shared, i, listeners.fds().get(i), listeners.local().getPort()));
			}
			distributeBeforeStart(created, this.config.acceptDistribution());
		}
		catch (NativeIoException | RuntimeException ex) {
			// A loop owns its listener from its creation on: close only the listeners no loop took.
			created.forEach(EventLoop::releaseUnstarted);
			listeners.fds().subList(created.size(), listeners.fds().size()).forEach(Sockets::close);
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
		return this.triggerMode;
	}

	/**
	 * The readiness backend every loop waits with: the configured one, then the backend of the last switch once every
	 * loop has moved to it (while a switch is under way, the backend before it).
	 */
	public BackendKind backend() {
		return this.backend;
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
		if (mode != TriggerMode.LEVEL && this.pendingBackendSwitches.get() > 0) {
			// A backend switch still to come was accepted for the level mode; it must find it.
			return CompletableFuture.failedFuture(new UnsupportedSettingException("gateway.engine.trigger-mode="
					+ mode.name().toLowerCase(Locale.ROOT) + " cannot be set while a switch of gateway.engine.backend"
					+ " is under way (only epoll serves it); try again when the switch has finished."));
		}
		if (!this.backend.supports(mode)) {
			return CompletableFuture.failedFuture(
					new UnsupportedSettingException(Backends.modeRefusal(mode, this.backend)));
		}
		this.requestedMode = mode;
		return onEveryLoop((loop) -> loop.switchMode(mode), (all) -> {
			// Each loop runs its commands in order, so a switch completes only after the one before it did.
			TriggerMode previous = this.triggerMode;
			int rearmed = 0;
			long slowest = 0;
			for (EventLoop.ModeApplied applied : all) {
				rearmed += applied.rearmed();
				slowest = Math.max(slowest, applied.nanos());
			}
			ModeSwitch done = new ModeSwitch(previous, mode, rearmed, slowest);
			this.triggerMode = mode;
			this.lastSwitch = done;
			this.modeSwitchCount.incrementAndGet();
			this.events.publish(EngineEvent.Type.MODE_SWITCHED, done.describe());
			return done;
		});
	}

	/** How the loops share the listening port: the configured distribution, then that of the last completed switch. */
	public AcceptDistribution acceptDistribution() {
		return this.acceptDistribution;
	}

	/**
	 * Switches how the loops share the listening port, without dropping a connection: no listening socket is closed.
	 * Loop 0 first steers the {@code SO_REUSEPORT} group (a classic BPF program sending every new connection to its
	 * listener, the shared socket, or back to the kernel's hash) and duplicates the shared socket; then each other
	 * loop starts or stops watching its duplicate, while still accepting whatever reaches its own listener.
	 * {@link #acceptDistribution()} changes when the last loop has applied one.
	 * <p>
	 * Switches of the accept distribution and of the readiness backend ({@link #switchBackend}) run one after the
	 * other in the order asked for, never interleaved: this one starts when every switch of either kind asked for
	 * before it has ended, and checks the backend the loops wait with at that moment (not the configured one).
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
		List<EventLoop> all = this.loops;
		CompletableFuture<AcceptDistributionSwitch> result = this.reshapeTail.handle((done, failure) -> null)
			.thenCompose((ignored) -> {
				BackendKind live = this.backend;
				if (!target.supportedBy(live)) {
					return CompletableFuture.failedFuture(
							new UnsupportedSettingException(Backends.distributionRefusal(target, live)));
				}
				return distribute(all, target);
			});
		this.reshapeTail = result;
		return result;
	}

	/**
	 * Moves every loop, with its listener registrations (its own listener and, while the socket is shared, the
	 * duplicate of the shared one, each with its mask) and every live connection, to another readiness backend; each
	 * loop moves between two batches, and data waiting at that moment is echoed from the new backend. Switches run one
	 * after the other in the order asked for, and never interleave with a switch of the accept distribution
	 * ({@link #switchAcceptDistribution}): both kinds share one queue, and each starts when every earlier switch of
	 * either kind has ended. {@link #backend()} changes when the last loop has moved, just before the future
	 * completes. Asking for the backend in force answers at once with nothing moved.
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
		if (!target.supports(this.requestedMode)) {
			return CompletableFuture.failedFuture(
					new UnsupportedSettingException(Backends.backendRefusal(target, this.requestedMode)));
		}
		this.pendingBackendSwitches.incrementAndGet();
		CompletableFuture<BackendSwitch> result = this.reshapeTail.handle((ignored, failure) -> null)
			.thenCompose((ignored) -> moveLoops(target))
			.whenComplete((done, failure) -> this.pendingBackendSwitches.decrementAndGet());
		this.reshapeTail = result;
		return result;
	}

	/** One page of connections, snapshotted on the loop threads. */
	public CompletableFuture<ConnectionPage> connections(ConnectionQuery query) {
		requireLoops("list connections");
		Instant snapshotAt = Instant.now();
		return onEveryLoop((loop) -> loop.page(query), (pages) -> ConnectionSnapshots.merge(pages, query, snapshotAt));
	}

	/** One connection by id, empty when there is none. */
	public CompletableFuture<Optional<ConnectionInfo>> connection(long id) {
		requireLoops("look up a connection");
		return onEveryLoop((loop) -> loop.snapshot(id), (all) -> all.stream().filter(Objects::nonNull).findFirst());
	}

	/** Kills one connection; completes with false when there is no connection with that id. */
	public CompletableFuture<Boolean> kill(long id, KillMode mode) {
		requireLoops("kill a connection");
		return onEveryLoop((loop) -> loop.kill(id, mode), (all) -> all.contains(Boolean.TRUE));
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
		CompletableFuture<EventLoop.KillCount> chain = CompletableFuture.completedFuture(new EventLoop.KillCount(0, 0));
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
		this.drainFuture = acrossLoops((loop) -> loop.submit((l) -> l.drain(deadlineNanos))
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
		return new CounterTotals(counters).toStatistics(this.state, this.triggerMode, this.config,
				this.modeSwitchCount.get(), this.lastSwitch, this.backend, this.backendSwitchCount.get(),
				this.lastBackendSwitch, this.acceptDistribution, this.distributionSwitchCount.get());
	}

	/** The interest lists, the engine's record and the kernel's view, read on each loop between batches. */
	public CompletableFuture<InterestList> interestList() {
		requireLoops("read the interest list");
		return onEveryLoop(EventLoop::interestList, InterestList::new);
	}

	/** Whether every loop is alive and turning: each answers a no-op command within the timeout. */
	public boolean isAlive(Duration timeout) {
		if (this.loops.isEmpty() || this.state == EngineState.STOPPED) {
			return false;
		}
		try {
			onEveryLoop((loop) -> Boolean.TRUE, (all) -> all).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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

	// ---- internals ----

	/** Applies the configured distribution to loops whose threads have not started (so no command is needed). */
	private static void distributeBeforeStart(List<EventLoop> created, AcceptDistribution distribution) {
		int[] duplicates = created.get(0).shareListener(distribution, created.size(),
				distribution.sharesOneSocket() ? created.size() - 1 : 0);
		int handed = 0;
		try {
			for (int i = 1; i < created.size(); i++) {
				int fd = (duplicates.length > 0) ? duplicates[i - 1] : -1;
				handed = i;
				created.get(i).distribute(distribution, fd);
			}
		}
		catch (RuntimeException ex) {
			// The loops own what they took; the duplicates not handed over yet are closed here.
			for (int i = handed; i < duplicates.length; i++) {
				Sockets.close(duplicates[i]);
			}
			throw ex;
		}
	}

	/** One distribution switch: loop 0 steers and duplicates, then the other loops apply it. */
	private CompletableFuture<AcceptDistributionSwitch> distribute(List<EventLoop> all, AcceptDistribution target) {
		long started = System.nanoTime();
		AcceptDistribution previous = this.acceptDistribution;
		int duplicates = (target.sharesOneSocket() && !previous.sharesOneSocket()) ? all.size() - 1 : 0;
		return all.get(0).submit((loop) -> loop.shareListener(target, all.size(), duplicates)).thenCompose((fds) -> {
			List<CompletableFuture<Void>> applied = new ArrayList<>();
			for (int i = 1; i < all.size(); i++) {
				int fd = (fds.length > 0) ? fds[i - 1] : -1;
				applied.add(all.get(i).submit((loop) -> loop.distribute(target, fd)).whenComplete((done, failure) -> {
					if (failure instanceof EngineStateException && fd >= 0) {
						// The loop had ended: the duplicate was never handed over.
						Sockets.close(fd);
					}
				}));
			}
			return CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new)).thenApply((ignored) -> {
				AcceptDistributionSwitch done = new AcceptDistributionSwitch(previous, target, all.size(),
						System.nanoTime() - started);
				this.acceptDistribution = target;
				this.distributionSwitchCount.incrementAndGet();
				this.events.publish(EngineEvent.Type.ACCEPT_DISTRIBUTION_SWITCHED, done.describe());
				return done;
			});
		});
	}

	/**
	 * Moves every loop to a backend; runs once every earlier backend or distribution switch has ended, so the
	 * distribution it checks is the one every loop has applied.
	 */
	private CompletableFuture<BackendSwitch> moveLoops(BackendKind target) {
		BackendKind previous = this.backend;
		if (target == previous) {
			return CompletableFuture.completedFuture(new BackendSwitch(previous, target, 0, 0));
		}
		AcceptDistribution distribution = this.acceptDistribution;
		if (!distribution.supportedBy(target)) {
			return CompletableFuture.failedFuture(
					new UnsupportedSettingException(Backends.backendDistributionRefusal(target, distribution)));
		}
		CompletableFuture<Integer> unwatchable = (target == BackendKind.SELECT)
				? onEveryLoop((loop) -> loop.unwatchableBy(target), EpollEngine::sum)
				: CompletableFuture.completedFuture(0);
		return unwatchable.thenCompose((count) -> {
			String refusal = (target == BackendKind.SELECT) ? Backends.selectRefusal(this.config, count) : null;
			if (refusal != null) {
				return CompletableFuture.failedFuture(new FdSetSizeExceededException(refusal, count));
			}
			List<CompletableFuture<Outcome>> moves = new ArrayList<>();
			for (EventLoop loop : this.loops) {
				moves.add(loop.submit((l) -> l.moveTo(target)).handle(Outcome::new));
			}
			return CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new))
				.thenCompose((ignored) -> finishMove(previous, target,
						moves.stream().map(CompletableFuture::join).toList()));
		});
	}

	/**
	 * Completes a backend switch once every loop answered: done when all moved; otherwise the loops that moved go back,
	 * and the switch fails.
	 */
	private CompletableFuture<BackendSwitch> finishMove(BackendKind previous, BackendKind target,
			List<Outcome> outcomes) {
		int moved = 0;
		int unwatchable = 0;
		long slowest = 0;
		Throwable failure = null;
		for (Outcome outcome : outcomes) {
			if (outcome.failure() != null) {
				failure = (failure != null) ? failure : outcome.failure();
				continue;
			}
			moved += outcome.moved().moved();
			unwatchable += outcome.moved().unwatchable();
			slowest = Math.max(slowest, outcome.moved().nanos());
		}
		if (failure == null && unwatchable == 0) {
			BackendSwitch done = new BackendSwitch(previous, target, moved, slowest);
			this.backend = target;
			this.lastBackendSwitch = done;
			this.backendSwitchCount.incrementAndGet();
			this.events.publish(EngineEvent.Type.BACKEND_SWITCHED, done.describe());
			return CompletableFuture.completedFuture(done);
		}
		List<CompletableFuture<EventLoop.BackendMoved>> back = new ArrayList<>();
		for (int i = 0; i < outcomes.size(); i++) {
			EventLoop.BackendMoved done = outcomes.get(i).moved();
			if (done != null && done.backend() == target) {
				back.add(this.loops.get(i).submit((loop) -> loop.moveTo(previous)));
			}
		}
		RuntimeException cause = (failure instanceof RuntimeException runtime) ? runtime
				: (failure != null) ? new IllegalStateException(failure)
						: new FdSetSizeExceededException(Backends.selectRefusal(this.config, unwatchable), unwatchable);
		return CompletableFuture.allOf(back.toArray(CompletableFuture[]::new)).handle((ignored, rollback) -> {
			if (rollback != null) {
				cause.addSuppressed(rollback);
			}
			throw cause;
		});
	}

	/** One loop's answer to a move: what it did, or why it failed. */
	private record Outcome(EventLoop.BackendMoved moved, Throwable failure) {
	}

	private static int sum(List<Integer> counts) {
		return counts.stream().mapToInt(Integer::intValue).sum();
	}

	private CompletableFuture<Void> setAcceptPaused(boolean paused, EngineState next, EngineEvent.Type type) {
		if (this.state != EngineState.RUNNING && this.state != EngineState.PAUSED) {
			throw new EngineStateException(this.state,
					"Cannot " + (paused ? "pause" : "resume") + " accepting while the engine is " + this.state);
		}
		CompletableFuture<Void> acks = onEveryLoop((loop) -> loop.setAcceptPaused(paused), (all) -> null);
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

	/** Runs a command on every loop and combines the answers, in loop order, once all have answered. */
	private <T, R> CompletableFuture<R> onEveryLoop(Function<EventLoop, T> command, Function<List<T>, R> combine) {
		return acrossLoops((loop) -> loop.submit(command), combine);
	}

	/** Starts one future per loop and combines their results, in loop order, once all have completed. */
	private <T, R> CompletableFuture<R> acrossLoops(Function<EventLoop, CompletableFuture<T>> perLoop,
			Function<List<T>, R> combine) {
		List<CompletableFuture<T>> futures = new ArrayList<>(this.loops.size());
		for (EventLoop loop : this.loops) {
			futures.add(perLoop.apply(loop));
		}
		return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
			.thenApply((ignored) -> combine.apply(futures.stream().map(CompletableFuture::join).toList()));
	}

}
