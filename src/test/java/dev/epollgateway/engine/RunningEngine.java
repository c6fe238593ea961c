package dev.epollgateway.engine;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.epollgateway.engine.query.ConnectionCursor;
import dev.epollgateway.engine.query.ConnectionFilter;
import dev.epollgateway.engine.query.ConnectionInfo;
import dev.epollgateway.engine.query.ConnectionPage;
import dev.epollgateway.engine.query.ConnectionQuery;
import dev.epollgateway.engine.query.ConnectionSort;

import static org.awaitility.Awaitility.await;

/**
 * A started {@link EpollEngine} on an ephemeral loopback port for one test, stopped (bounded) when closed, so that
 * neither its loops nor its fds leak into the next test.
 */
final class RunningEngine implements AutoCloseable {

	/** How long any single engine call may take before the test fails instead of hanging. */
	static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	private final EpollEngine engine;

	private RunningEngine(EpollEngine engine) {
		this.engine = engine;
	}

	/** Defaults bound to {@code 127.0.0.1:0} in the given mode, no idle timeout, a 2 s drain. */
	static EngineConfig config(TriggerMode mode) {
		return EngineConfig.defaults()
			.withAddress("127.0.0.1", 0)
			.withTriggerMode(mode)
			.withTimeouts(Duration.ZERO, Duration.ofSeconds(2));
	}

	/** {@link #config(TriggerMode)} on a readiness backend. */
	static EngineConfig config(BackendKind backend, TriggerMode mode) {
		EngineConfig config = config(mode).withBackend(backend);
		// select watches fds below FD_SETSIZE only: the engine refuses a limit that could go past it.
		return (backend == BackendKind.SELECT) ? config.withMaxConnections(Backends.selectConnectionLimit(1)) : config;
	}

	/** {@link #config(TriggerMode)} on an event source. */
	static EngineConfig config(EventSource source, TriggerMode mode) {
		EngineConfig config = source.apply(config(mode));
		return (source.backend() == BackendKind.SELECT)
				? config.withMaxConnections(Backends.selectConnectionLimit(source.loops())) : config;
	}

	static RunningEngine start(EventSource source, TriggerMode mode) {
		return start(config(source, mode));
	}

	static RunningEngine start(TriggerMode mode) {
		return start(config(mode));
	}

	static RunningEngine start(BackendKind backend, TriggerMode mode) {
		return start(config(backend, mode));
	}

	static RunningEngine start(EngineConfig config) {
		EpollEngine engine = new EpollEngine(config);
		engine.start();
		return new RunningEngine(engine);
	}

	EpollEngine engine() {
		return this.engine;
	}

	InetSocketAddress address() {
		return this.engine.localAddress();
	}

	EngineStatistics statistics() {
		return this.engine.statistics();
	}

	/** Waits for an engine future, bounded. */
	static <T> T join(CompletableFuture<T> future) {
		try {
			return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("engine call did not complete within " + CALL_TIMEOUT + ": " + ex, ex);
		}
	}

	/**
	 * Loop iterations (all loops) over a quiet period: near zero unless something spins. Calls nothing that posts to
	 * the loops while it measures.
	 */
	long loopIterationsOver(Duration period) throws InterruptedException {
		Thread.sleep(200);
		long before = statistics().loopTiming().iterations();
		Thread.sleep(period.toMillis());
		return statistics().loopTiming().iterations() - before;
	}

	/** Every live connection, over all pages. */
	List<ConnectionInfo> connections() {
		List<ConnectionInfo> all = new ArrayList<>();
		ConnectionCursor after = null;
		do {
			ConnectionPage page = join(this.engine.connections(
					new ConnectionQuery(ConnectionFilter.ALL, ConnectionSort.BY_ID, ConnectionQuery.MAX_LIMIT, after)));
			all.addAll(page.items());
			after = page.next();
		}
		while (after != null);
		return all;
	}

	/** The engine's side of a client's connection, waiting (bounded) for the accept. */
	ConnectionInfo connectionOf(EchoClient client) {
		int port = client.localPort();
		return await().atMost(CALL_TIMEOUT).until(() -> find(port), Optional::isPresent).get();
	}

	/** One connection by id, fresh. */
	Optional<ConnectionInfo> connection(long id) {
		return join(this.engine.connection(id));
	}

	private Optional<ConnectionInfo> find(int remotePort) {
		return connections().stream().filter((info) -> info.remotePort() == remotePort).findFirst();
	}

	/** A switch, bounded, checked to report the mode asked for. */
	ModeSwitch switchTo(TriggerMode mode) {
		ModeSwitch result = join(this.engine.switchTriggerMode(mode));
		if (result.current() != mode) {
			throw new AssertionError("asked for " + mode + " but the switch reports " + result);
		}
		return result;
	}

	@Override
	public void close() {
		Thread stopper = new Thread(this.engine::stop, "engine-stopper");
		stopper.setDaemon(true);
		stopper.start();
		try {
			stopper.join(Duration.ofSeconds(30).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (stopper.isAlive()) {
			throw new AssertionError("engine.stop() did not return within 30 s");
		}
	}

}
