package dev.epollgateway.bench;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.epollgateway.engine.OpenFileLimit;

/**
 * Issue 11's scaling workload on one server process: {@value #ACTIVE} active connections echoing 64 B (1 in flight)
 * throughout, and beside them, point after point, N idle connections for each N of {@code --scaling-idle}: the idle
 * ones opened, the traffic warmed up, one window measured (CPU per message, user and system; for the gateway its wait
 * calls: time per call, entries handed to the kernel and scanned per call), the idle ones reset. Each point is a
 * {@link Sample} of workload {@code scaling-<N>}; select stops at {@value #SELECT_MAX_IDLE} idle ({@code FD_SETSIZE}).
 * <p>
 * Threading: the runner's control thread; the load generator runs its own thread.
 */
final class ScalingWorkload {

	static final String PREFIX = "scaling-";

	static final int ACTIVE = 100;

	/** The most idle connections the select backend is given: 900 + 100 active stay below its 1015. */
	static final int SELECT_MAX_IDLE = 900;

	static final String SELECT_SERVER = "gateway-select";

	private final BenchOptions options;

	private final EchoWindow window;

	ScalingWorkload(BenchOptions options, EchoWindow window) {
		this.options = options;
		this.window = window;
	}

	/** The workload name of the point with {@code idle} idle connections (as asked for). */
	static String workload(int idle) {
		return PREFIX + idle;
	}

	/** Whether a server kind can hold the point at all: select only up to {@value #SELECT_MAX_IDLE} idle. */
	static boolean fits(String kind, int idle) {
		return !kind.equals(SELECT_SERVER) || idle <= SELECT_MAX_IDLE;
	}

	/**
	 * The most idle connections the open-file limit leaves room for beside the active ones, in this process (each
	 * connection is one fd on the generator's side too) and so in the server, which inherits the same limit.
	 */
	static int idleLimit() {
		return (int) Math.min(Integer.MAX_VALUE, OpenFileLimit.current().connectionsAllowed(1) - ACTIVE);
	}

	/** Every point of the server's kind; bytes lost, bad reads and failures over the whole run go on the last one. */
	List<Sample> run(String kind, int round, ServerProcess server, InetSocketAddress address) throws Exception {
		List<Sample> samples = new ArrayList<>();
		try (LoadGenerator generator = new LoadGenerator(address, ACTIVE, 64, 1)) {
			generator.start();
			// the first point also warms the JIT up, as ping-pong does
			Duration warmup = this.options.warmup().multipliedBy(2);
			for (int asked : this.options.scalingIdle()) {
				if (fits(kind, asked)) {
					samples.add(new Sample(workload(asked), kind, round, point(server, address, generator, asked,
							warmup)));
					warmup = this.options.warmup();
				}
			}
			if (!samples.isEmpty()) {
				Workloads.finish(generator, samples.get(samples.size() - 1).values());
			}
		}
		return samples;
	}

	private Map<String, Double> point(ServerProcess server, InetSocketAddress address, LoadGenerator generator,
			int asked, Duration warmup) throws Exception {
		int idle = Math.min(asked, idleLimit());
		List<SocketChannel> connections = LoadGenerator.openIdle(address, idle);
		try {
			long held = Workloads.awaitConnections(server, ACTIVE + idle);
			Map<String, Double> figures = this.window.measure(server, generator, warmup, this.options.measure());
			figures.put("idle", (double) idle);
			figures.put("idleAsked", (double) asked);
			figures.put("connsHeld", (double) held);
			return figures;
		}
		finally {
			connections.forEach(LoadGenerator::reset);
			Workloads.awaitConnectionCount(server, (count) -> count <= ACTIVE);
		}
	}

}
