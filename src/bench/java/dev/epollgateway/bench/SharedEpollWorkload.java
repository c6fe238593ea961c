package dev.epollgateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Issue 13's shared-epoll workload on one server process of {@link TopologyEchoServer#KINDS}: {@value #ACTIVE}
 * active connections echoing 64 B (1 in flight, closed loop) beside {@code --idle} idle ones, opened first. After the
 * warm-up, one window is measured: the figures every echo window has (CPU per message, p99, msgs/s) and, from the
 * engine's statistics read at the window's two ends, the ownership guard's counts per 1,000 ready events handed to
 * the threads: collisions, late hand-offs, drained read passes, {@code EPOLLONESHOT} re-arms, and wakeups
 * ({@code epoll_wait} returns over the threads). Bytes lost, bad reads and failed connections are over the whole
 * session.
 * <p>
 * Threading: the runner's control thread; the load generator runs its own thread.
 */
final class SharedEpollWorkload {

	static final String NAME = "shared-epoll";

	static final int ACTIVE = 200;

	/** The engine's counters whose deltas over the window become figures per 1,000 events. */
	private static final Map<String, String> PER_THOUSAND_EVENTS = Map.of("shareCollisions", "collisionsPerKEvents",
			"shareLateHandoffs", "lateHandoffsPerKEvents", "shareDrainedReads", "drainedReadsPerKEvents", "shareRearms",
			"rearmsPerKEvents", "wakeups", "wakeupsPerKEvents");

	private final BenchOptions options;

	private final EchoWindow window;

	SharedEpollWorkload(BenchOptions options, EchoWindow window) {
		this.options = options;
		this.window = window;
	}

	/** Whether the workload runs on a server kind: only on the six of {@link TopologyEchoServer#KINDS}. */
	static boolean runsOn(String kind) {
		return TopologyEchoServer.KINDS.contains(kind);
	}

	Sample run(String kind, int round, ServerProcess server, InetSocketAddress address) throws Exception {
		int idleCount = this.options.idle();
		List<SocketChannel> idle = LoadGenerator.openIdle(address, idleCount);
		try (LoadGenerator generator = new LoadGenerator(address, ACTIVE, 64, 1)) {
			generator.start();
			long held = Workloads.awaitConnections(server, ACTIVE + idleCount);
			// a new process: twice the warm-up, as ping-pong, so the JIT has compiled the echo path
			Thread.sleep(this.options.warmup().multipliedBy(2).toMillis());
			Map<String, Long> before = server.command("STATS");
			Map<String, Double> figures = this.window.measure(server, generator, Duration.ZERO,
					this.options.measure());
			Map<String, Long> after = server.command("STATS");
			sharing(before, after, figures);
			figures.put("idle", (double) idleCount);
			figures.put("connsHeld", (double) held);
			Workloads.finish(generator, figures);
			return new Sample(NAME, kind, round, figures);
		}
		finally {
			idle.forEach(LoadGenerator::reset);
		}
	}

	/** The ownership guard's counters over the window, per 1,000 events, and the events per echoed message. */
	static void sharing(Map<String, Long> before, Map<String, Long> after, Map<String, Double> figures)
			throws IOException {
		long events = delta(before, after, "shareEvents");
		long messages = delta(before, after, "messages");
		figures.put("events", (double) events);
		figures.put("eventsPerMsg", (messages > 0) ? (double) events / messages : Double.NaN);
		for (Map.Entry<String, String> counter : PER_THOUSAND_EVENTS.entrySet()) {
			long count = delta(before, after, counter.getKey());
			figures.put(counter.getKey(), (double) count);
			figures.put(counter.getValue(), (events > 0) ? 1000.0 * count / events : Double.NaN);
		}
	}

	private static long delta(Map<String, Long> before, Map<String, Long> after, String name) throws IOException {
		Long a = before.get(name);
		Long b = after.get(name);
		if (a == null || b == null) {
			throw new IOException("the server's STATS have no " + name + ": not a " + TopologyEchoServer.class
				.getSimpleName());
		}
		return b - a;
	}

}
