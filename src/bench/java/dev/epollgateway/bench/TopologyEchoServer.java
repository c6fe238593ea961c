package dev.epollgateway.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.epollgateway.engine.EngineConfig;
import dev.epollgateway.engine.EngineStatistics;
import dev.epollgateway.engine.EpollEngine;
import dev.epollgateway.engine.OpenFileLimit;
import dev.epollgateway.engine.Topology;
import dev.epollgateway.engine.TriggerMode;

/**
 * The gateway's engine with {@value #THREADS} loop threads in one topology (issue 13), for the shared-epoll workload:
 * {@code gateway-shared-<mode>} runs them all on one epoll instance ({@link Topology#SHARED_EPOLL}),
 * {@code gateway-loops4-<mode>} gives each its own ({@link Topology#LOOP_PER_THREAD}, {@code SO_REUSEPORT}
 * listeners), so the two compare at the same thread count. Its {@code STATS} are the {@link GatewayEchoServer}'s plus
 * the ownership guard's counters ({@link EngineStatistics.ThreadSharing}): {@code shareEvents},
 * {@code shareCollisions}, {@code shareLateHandoffs}, {@code shareDrainedReads}, {@code shareRearms}.
 * <p>
 * Threading: every method is called from the {@link BenchServer}'s control thread; the engine runs its own loops.
 */
final class TopologyEchoServer implements EchoServer {

	static final int THREADS = 4;

	static final String SHARED_PREFIX = "gateway-shared-";

	static final String LOOPS_PREFIX = "gateway-loops" + THREADS + "-";

	/** The server kinds, shared-epoll and loop-per-thread for each trigger mode. */
	static final List<String> KINDS = List.of(SHARED_PREFIX + "level", SHARED_PREFIX + "edge",
			SHARED_PREFIX + "oneshot", LOOPS_PREFIX + "level", LOOPS_PREFIX + "edge", LOOPS_PREFIX + "oneshot");

	private final Topology topology;

	private final TriggerMode mode;

	private EpollEngine engine;

	private TopologyEchoServer(Topology topology, TriggerMode mode) {
		this.topology = topology;
		this.mode = mode;
	}

	/** The server of one of {@link #KINDS}. */
	static TopologyEchoServer of(String kind) {
		if (!KINDS.contains(kind)) {
			throw new IllegalArgumentException("unknown server kind " + kind + ", expected one of " + KINDS);
		}
		Topology topology = kind.startsWith(SHARED_PREFIX) ? Topology.SHARED_EPOLL : Topology.LOOP_PER_THREAD;
		return new TopologyEchoServer(topology, TriggerMode.parse(mode(kind)));
	}

	/** The trigger mode of a kind, as its name spells it: {@code level}, {@code edge}, {@code oneshot}. */
	static String mode(String kind) {
		return kind.substring(kind.lastIndexOf('-') + 1);
	}

	/** Whether a kind runs the shared-epoll topology. */
	static boolean shared(String kind) {
		return kind.startsWith(SHARED_PREFIX);
	}

	@Override
	public void start(int port) {
		EngineConfig config = EngineConfig.defaults()
			.withAddress("127.0.0.1", port)
			.withTriggerMode(this.mode)
			.withLoops(THREADS)
			.withTopology(this.topology)
			.withMaxConnections((int) Math.min(Integer.MAX_VALUE, OpenFileLimit.current().connectionsAllowed(THREADS)))
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
		EngineStatistics stats = this.engine.statistics();
		Map<String, Long> flat = GatewayEchoServer.statistics(stats);
		EngineStatistics.ThreadSharing sharing = stats.threads();
		flat.put("shareEvents", sharing.events());
		flat.put("shareCollisions", sharing.collisions());
		flat.put("shareLateHandoffs", sharing.lateHandoffs());
		flat.put("shareDrainedReads", sharing.drainedReads());
		flat.put("shareRearms", sharing.rearms());
		return flat;
	}

	@Override
	public Map<String, Long> switchMode(String mode) {
		throw new UnsupportedOperationException("the shared-epoll workload's servers keep their trigger mode");
	}

	@Override
	public void stop() {
		this.engine.stop();
	}

}
