package dev.epollgateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 11's live backend switch: the gateway started in LEVEL on epoll with {@code --idle} idle connections beside
 * {@value ScalingWorkload#ACTIVE} active ones echoing 64 B, every echoed byte checked; the backend is switched
 * epoll → poll → select → epoll through {@code SWITCH-BACKEND}, a pause of traffic between switches. Select must be
 * refused (the connections' fds are above {@code FD_SETSIZE}): its refusal text is kept as a note. Figures per
 * switch: the engine's switch time (slowest loop), the command's wall time, connections moved and the switch time per
 * 10,000 connections; then bytes lost, bad reads and failed connections over the whole run.
 * <p>
 * Threading: the runner's control thread; the load generator runs its own thread.
 */
final class BackendSwitchWorkload {

	static final String WORKLOAD = "backend-switch";

	static final String SERVER = "gateway-level";

	/** The backends switched to, in order, from epoll. */
	static final List<String> STEPS = List.of("poll", "select", "epoll");

	private final BenchOptions options;

	BackendSwitchWorkload(BenchOptions options) {
		this.options = options;
	}

	Sample run(int round, ServerProcess server, InetSocketAddress address) throws Exception {
		int idleCount = this.options.idle();
		Map<String, Double> figures = new LinkedHashMap<>();
		Map<String, String> notes = new LinkedHashMap<>();
		try (LoadGenerator generator = new LoadGenerator(address, ScalingWorkload.ACTIVE, 64, 1)) {
			generator.start();
			List<SocketChannel> idle = LoadGenerator.openIdle(address, idleCount);
			try {
				figures.put("connsHeld",
						(double) Workloads.awaitConnections(server, ScalingWorkload.ACTIVE + idleCount));
				Thread.sleep(this.options.warmup().toMillis());
				long startMessages = generator.messages();
				long start = System.nanoTime();
				for (String backend : STEPS) {
					step(server, backend, figures, notes);
					Thread.sleep(Math.max(500, this.options.measure().toMillis() / 3));
				}
				figures.put("msgsPerSec",
						(generator.messages() - startMessages) / ((System.nanoTime() - start) / 1e9));
			}
			finally {
				idle.forEach(LoadGenerator::reset);
			}
			Workloads.finish(generator, figures);
		}
		return new Sample(WORKLOAD, SERVER, round, figures, notes);
	}

	/** One switch: its figures, or its refusal ({@code refused.<backend>} 1 and the engine's words as a note). */
	private static void step(ServerProcess server, String backend, Map<String, Double> figures,
			Map<String, String> notes) {
		try {
			Map<String, Long> result = server.command("SWITCH-BACKEND " + backend);
			double millis = result.get("switchNanos") / 1e6;
			long moved = result.get("moved");
			figures.put("refused." + backend, 0.0);
			figures.put("switchMs." + backend, millis);
			figures.put("wallMs." + backend, result.get("wallNanos") / 1e6);
			figures.put("moved." + backend, (double) moved);
			figures.put("msPer10k." + backend, (moved > 0) ? millis * 10_000 / moved : Double.NaN);
		}
		catch (IOException refused) {
			figures.put("refused." + backend, 1.0);
			notes.put("refusal." + backend, refused.getMessage());
		}
	}

}
