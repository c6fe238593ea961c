package dev.epollgateway.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.epollgateway.bench.ServerProcess.ThreadTicks;

/**
 * The CPU of the server's and of the runner's threads per kind over one interval, in percent of one core, as
 * figures {@code <kind>CpuPct<suffix>} (server) and {@code runner.<kind>CpuPct<suffix>} (this process: the load
 * generator, the lister, its garbage collector). Used by the control thread only.
 */
final class ThreadShares {

	private final long server;

	private final long runner;

	private final double ticksPerSecond;

	private final long startNanos = System.nanoTime();

	private final Map<Integer, ThreadTicks> serverStart;

	private final Map<Integer, ThreadTicks> runnerStart;

	private Map<String, Double> shares;

	ThreadShares(long server, long runner, long ticksPerSecond) throws IOException {
		this.server = server;
		this.runner = runner;
		this.ticksPerSecond = ticksPerSecond;
		this.serverStart = ThreadTicks.of(server);
		this.runnerStart = ThreadTicks.of(runner);
	}

	void finish() throws IOException {
		double seconds = (System.nanoTime() - this.startNanos) / 1e9;
		this.shares = new LinkedHashMap<>();
		share("", this.serverStart, ThreadTicks.of(this.server), seconds);
		share("runner.", this.runnerStart, ThreadTicks.of(this.runner), seconds);
	}

	private void share(String prefix, Map<Integer, ThreadTicks> start, Map<Integer, ThreadTicks> end,
			double seconds) {
		ThreadTicks.kinds(end).forEach((kind) -> this.shares.put(prefix + kind,
				100 * ThreadTicks.delta(start, end, kind) / this.ticksPerSecond / seconds));
	}

	/** The shares by kind, {@code <kind>} and {@code runner.<kind>}, in percent of one core; after {@link #finish}. */
	Map<String, Double> shares() {
		return this.shares;
	}

	void putInto(Map<String, Double> figures, String suffix) {
		this.shares.forEach((kind, pct) -> figures.put(kind + "CpuPct" + suffix, pct));
	}

}
