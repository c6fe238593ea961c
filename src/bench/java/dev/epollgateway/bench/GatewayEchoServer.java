package dev.epollgateway.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import dev.epollgateway.engine.AcceptDistribution;
import dev.epollgateway.engine.BackendKind;
import dev.epollgateway.engine.BackendSwitch;
import dev.epollgateway.engine.EngineConfig;
import dev.epollgateway.engine.EngineStatistics;
import dev.epollgateway.engine.EpollEngine;
import dev.epollgateway.engine.ModeSwitch;
import dev.epollgateway.engine.OpenFileLimit;
import dev.epollgateway.engine.TriggerMode;

/**
 * The gateway's engine on its own, plain Java without Spring: one loop (or, for the accept-storm workload, several
 * sharing the listening port by an {@link AcceptDistribution}), the given initial trigger mode and readiness backend,
 * room for as many connections as the open-file limit leaves (the scaling workload's 19,100 under a limit of 20,000),
 * or {@code FD_SETSIZE}'s share on select.
 * <p>
 * Threading: every method is called from the {@link BenchServer}'s control thread; the engine runs its own loop.
 */
final class GatewayEchoServer implements EchoServer {

	private final TriggerMode mode;

	private final BackendKind backend;

	private final int loops;

	private final AcceptDistribution distribution;

	private EpollEngine engine;

	GatewayEchoServer(TriggerMode mode) {
		this(mode, BackendKind.EPOLL);
	}

	GatewayEchoServer(TriggerMode mode, BackendKind backend) {
		this(mode, backend, 1, AcceptDistribution.REUSEPORT);
	}

	GatewayEchoServer(TriggerMode mode, BackendKind backend, int loops, AcceptDistribution distribution) {
		this.mode = mode;
		this.backend = backend;
		this.loops = loops;
		this.distribution = distribution;
	}

	@Override
	public void start(int port) {
		EngineConfig config = EngineConfig.defaults()
			.withAddress("127.0.0.1", port)
			.withTriggerMode(this.mode)
			.withBackend(this.backend)
			.withLoops(this.loops)
			.withAcceptDistribution(this.distribution)
			.withMaxConnections(maxConnections(this.backend, this.loops))
			.withTimeouts(Duration.ZERO, Duration.ofSeconds(2));
		this.engine = new EpollEngine(config);
		this.engine.start();
	}

	@Override
	public long connections() {
		return this.engine.activeConnections();
	}

	@Override
	public Map<String, Long> statistics() {
		return statistics(this.engine.statistics());
	}

	/** The engine's statistics, flat: what every gateway bench server answers to {@code STATS}. */
	static Map<String, Long> statistics(EngineStatistics stats) {
		EngineStatistics.Syscalls sys = stats.syscalls();
		Map<String, Long> flat = new LinkedHashMap<>();
		flat.put("messages", stats.traffic().messages());
		flat.put("bytesIn", stats.traffic().bytesIn());
		flat.put("bytesOut", stats.traffic().bytesOut());
		flat.put("syscalls", sys.total());
		flat.put("epollWaits", sys.epollWaits());
		flat.put("reads", sys.reads());
		flat.put("eagainReads", sys.eagainReads());
		flat.put("writes", sys.writes());
		flat.put("eagainWrites", sys.eagainWrites());
		flat.put("shortWrites", sys.shortWrites());
		flat.put("ctlAdd", sys.ctlAdd());
		flat.put("ctlMod", sys.ctlMod());
		flat.put("ctlDel", sys.ctlDel());
		flat.put("rearms", sys.rearms());
		flat.put("accepts", sys.accepts());
		flat.put("wakeups", stats.readyList().wakeups());
		flat.put("events", stats.readyList().events());
		flat.put("readyPendingQueued", stats.readyList().readyPendingQueued());
		flat.put("backlogBytesPeak", stats.buffers().backlogBytesPeak());
		flat.put("readPauses", stats.buffers().readPauses());
		flat.put("waitNanos", stats.loopTiming().waitNanos());
		flat.put("processNanos", stats.loopTiming().processNanos());
		waitCalls(stats.backend(), flat);
		acceptPath(stats.acceptPath(), flat);
		return flat;
	}

	/**
	 * The accept path over the loops ({@code acceptWakeups}, {@code acceptAccepted}, {@code acceptEmpty}) and per loop
	 * ({@code acceptWakeups.<i>}, {@code acceptAccepted.<i>}, {@code acceptEmpty.<i>}, {@code owned.<i>}); the runner
	 * takes the deltas over its window and works the share and fairness out of them.
	 */
	private static void acceptPath(EngineStatistics.AcceptPath path, Map<String, Long> flat) {
		flat.put("loops", (long) path.loops().size());
		flat.put("acceptWakeups", path.wakeups());
		flat.put("acceptAccepted", path.accepted());
		flat.put("acceptEmpty", path.emptyWakeups());
		for (EngineStatistics.LoopAccepts loop : path.loops()) {
			flat.put("acceptWakeups." + loop.loop(), loop.wakeups());
			flat.put("acceptAccepted." + loop.loop(), loop.accepted());
			flat.put("acceptEmpty." + loop.loop(), loop.emptyWakeups());
			flat.put("owned." + loop.loop(), loop.connections());
		}
	}

	/** The connections the engine may hold: what the open-file limit leaves, within the backend's own limit. */
	private static int maxConnections(BackendKind backend, int loops) {
		long allowed = OpenFileLimit.current().connectionsAllowed(loops);
		return (int) Math.min(allowed, backend.maxConnections(loops));
	}

	/**
	 * The wait calls summed over the backends (a process that never switches has only its own): calls, entries
	 * handed to the kernel, entries scanned in user space, ready entries returned and time inside the calls.
	 */
	private static void waitCalls(EngineStatistics.Backend backend, Map<String, Long> flat) {
		long calls = 0;
		long handed = 0;
		long scanned = 0;
		long ready = 0;
		long nanos = 0;
		for (EngineStatistics.WaitCalls wait : backend.waitCalls().values()) {
			calls += wait.calls();
			handed += wait.fdsHandedToKernel();
			scanned += wait.entriesScanned();
			ready += wait.readyReturned();
			nanos += wait.waitNanos();
		}
		flat.put("waitCalls", calls);
		flat.put("waitFdsHanded", handed);
		flat.put("waitEntriesScanned", scanned);
		flat.put("waitReady", ready);
		flat.put("waitCallNanos", nanos);
		flat.put("backendSwitches", backend.switches());
	}

	@Override
	public Map<String, Long> switchMode(String target) {
		long begin = System.nanoTime();
		ModeSwitch result = this.engine.switchTriggerMode(TriggerMode.parse(target)).join();
		return switched("rearmed", result.connectionsRearmed(), result.switchNanos(), System.nanoTime() - begin);
	}

	@Override
	public Map<String, Long> switchBackend(String target) {
		long begin = System.nanoTime();
		BackendSwitch result;
		try {
			result = this.engine.switchBackend(BackendKind.parse(target)).join();
		}
		catch (CompletionException ex) {
			// a refusal: the engine's own exception and text, not the future's wrapper
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
		return switched("moved", result.connectionsMoved(), result.switchNanos(), System.nanoTime() - begin);
	}

	/** A switch's outcome as the protocol answers it: connections switched, the engine's time, the wall time. */
	private static Map<String, Long> switched(String connections, long count, long switchNanos, long wallNanos) {
		Map<String, Long> flat = new LinkedHashMap<>();
		flat.put(connections, count);
		flat.put("switchNanos", switchNanos);
		flat.put("wallNanos", wallNanos);
		return flat;
	}

	@Override
	public void stop() {
		this.engine.stop();
	}

}
