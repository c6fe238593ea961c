package dev.epollgateway.engine;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The epoll echo engine: one or more event loops, each on its own thread with its own epoll instance and listener.
 * <p>
 * Threading: every method may be called from any thread. Nothing here touches a connection directly: operations
 * are posted to the loops as commands (woken through an {@code eventfd}) and answered through futures, which
 * complete on a loop thread. Listeners and observers are called on loop threads.
 */
public final class EpollEngine implements AutoCloseable {

	private final EngineConfig config;

	/** Creates an engine; nothing is bound until {@link #start()}. */
	public EpollEngine(EngineConfig config) {
		this.config = config;
	}

	/**
	 * Binds the listeners and starts the loops.
	 * @throws EngineStartException with one sentence for the operator when the engine cannot start
	 */
	public synchronized void start() {
		throw new UnsupportedOperationException("in progress");
	}

	/** The configuration this engine was created with. */
	public EngineConfig config() {
		return this.config;
	}

	/** The address the listeners are bound to (the real port when 0 was configured); null before start. */
	public InetSocketAddress localAddress() {
		throw new UnsupportedOperationException("in progress");
	}

	/** The current state. */
	public EngineState state() {
		throw new UnsupportedOperationException("in progress");
	}

	/** The trigger mode in force. */
	public TriggerMode triggerMode() {
		throw new UnsupportedOperationException("in progress");
	}

	/** Live connections over all loops. */
	public int activeConnections() {
		throw new UnsupportedOperationException("in progress");
	}

	/**
	 * Switches every live and every later connection to a trigger mode; each loop applies it between two
	 * {@code epoll_wait} batches.
	 */
	public CompletableFuture<ModeSwitch> switchTriggerMode(TriggerMode mode) {
		throw new UnsupportedOperationException("in progress");
	}

	/** One page of connections, snapshotted on the loop threads. */
	public CompletableFuture<ConnectionPage> connections(ConnectionQuery query) {
		throw new UnsupportedOperationException("in progress");
	}

	/** One connection by id, empty when there is none. */
	public CompletableFuture<Optional<ConnectionInfo>> connection(long id) {
		throw new UnsupportedOperationException("in progress");
	}

	/** Kills one connection; completes with false when there is no connection with that id. */
	public CompletableFuture<Boolean> kill(long id, KillMode mode) {
		throw new UnsupportedOperationException("in progress");
	}

	/** Kills at most {@code max} connections that match the filter (none on a dry run). */
	public CompletableFuture<KillResult> kill(ConnectionFilter filter, KillMode mode, long max, boolean dryRun) {
		throw new UnsupportedOperationException("in progress");
	}

	/**
	 * Stops accepting: listeners leave the epoll sets and new connections wait in the kernel's backlog.
	 * @throws EngineStateException unless running or paused
	 */
	public void pauseAccepting() {
		throw new UnsupportedOperationException("in progress");
	}

	/**
	 * Accepts again after {@link #pauseAccepting()}.
	 * @throws EngineStateException unless running or paused
	 */
	public void resumeAccepting() {
		throw new UnsupportedOperationException("in progress");
	}

	/**
	 * Closes the listeners, then flushes and gracefully closes every connection; connections still open at the
	 * deadline are force-closed. Completes when the engine is stopped. A second call joins the drain in progress.
	 * @throws EngineStateException when the engine is already stopped
	 */
	public CompletableFuture<Void> drain(Duration timeout) {
		throw new UnsupportedOperationException("in progress");
	}

	/** When the drain in progress force-closes what is left; null unless draining. */
	public Instant drainDeadline() {
		throw new UnsupportedOperationException("in progress");
	}

	/** Drains within the configured drain timeout and waits for the loops to end. */
	public void stop() {
		throw new UnsupportedOperationException("in progress");
	}

	@Override
	public void close() {
		stop();
	}

	/** Counters and gauges over all loops, read without stopping them. */
	public EngineStatistics statistics() {
		throw new UnsupportedOperationException("in progress");
	}

	/** The interest lists, the engine's record and the kernel's view. */
	public CompletableFuture<InterestList> interestList() {
		throw new UnsupportedOperationException("in progress");
	}

	/** Whether every loop is alive and turning: each answers a no-op command within the timeout. */
	public boolean isAlive(Duration timeout) {
		throw new UnsupportedOperationException("in progress");
	}

	/** Adds a listener for connection and engine events. */
	public void addEventListener(EngineEventListener listener) {
		throw new UnsupportedOperationException("in progress");
	}

	/** Removes a listener added before. */
	public void removeEventListener(EngineEventListener listener) {
		throw new UnsupportedOperationException("in progress");
	}

	/** Sets the observer of ready-list sizes (one at a time; null removes it). */
	public void setReadyListObserver(ReadyListObserver observer) {
		throw new UnsupportedOperationException("in progress");
	}

}
