package dev.epollgateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

import dev.epollgateway.engine.AcceptDistribution;

/**
 * Issue 13's accept storm: for every number of loops in {@link #LOOPS} and every {@link AcceptDistribution}, a fresh
 * {@code gateway-level} process with those settings, and {@code --storm-connectors} connectors (default
 * {@value #CONNECTORS}) that connect, send 64 bytes,
 * check the echo and close, as fast as they can (see {@link AcceptStormGenerator}). Over one measured window it reads
 * the gateway's accept path (wakeups, accepted, empty wakeups, per loop), the loop threads' context switches
 * ({@link LoopSwitches}) and the process's CPU, and the generator's connections and latency. Each cell is a
 * {@link Sample} of workload {@code accept-storm-<loops>} and server {@code <distribution>}; bytes lost, bad bytes and
 * failed connections cover the whole cell, warm-up included.
 * <p>
 * Threading: the runner's control thread; the generator runs its own threads.
 */
final class AcceptStormWorkload {

	static final String NAME = "accept-storm";

	static final String PREFIX = NAME + "-";

	static final List<Integer> LOOPS = List.of(1, 2, 4, 8);

	/**
	 * Concurrent connectors unless {@code --storm-connectors} says otherwise: enough that connections arrive while the
	 * loops are busy, few enough for the generator's one core; each holds one socket at a time, far below the 20,000
	 * open files.
	 */
	static final int CONNECTORS = 4;

	private final BenchOptions options;

	private final Workloads workloads;

	private final long clockTicksPerSecond;

	AcceptStormWorkload(BenchOptions options, Workloads workloads, long clockTicksPerSecond) {
		this.options = options;
		this.workloads = workloads;
		this.clockTicksPerSecond = clockTicksPerSecond;
	}

	/** The workload name of the cells with {@code loops} loops. */
	static String workload(int loops) {
		return PREFIX + loops;
	}

	/** The distributions as the samples name them: {@code reuseport}, {@code shared}, {@code exclusive}. */
	static List<String> distributions() {
		return List.of(AcceptDistribution.values()).stream().map(AcceptDistribution::tag).toList();
	}

	/** Every cell once, in an order rotated by the round; a cell that fails is noted and the others still run. */
	List<Sample> round(int round, Map<String, String> failures) {
		List<String[]> cells = new ArrayList<>();
		for (int loops : LOOPS) {
			for (String distribution : distributions()) {
				cells.add(new String[] { String.valueOf(loops), distribution });
			}
		}
		List<Sample> samples = new ArrayList<>();
		for (String[] cell : BenchRunner.rotated(cells, (round - 1) * (cells.size() / LOOPS.size() + 1))) {
			int loops = Integer.parseInt(cell[0]);
			String name = workload(loops) + "/" + cell[1];
			long begin = System.nanoTime();
			try {
				Sample sample = cell(round, loops, cell[1]);
				BenchRunner.log(sample.toString());
				samples.add(sample);
			}
			catch (Exception ex) {
				failures.merge(name, "round " + round + ": " + ex.getMessage(), (a, b) -> a + "; " + b);
				BenchRunner.log(name + " failed: " + ex.getMessage());
			}
			BenchRunner.log(String.format("round %d %s done in %.1f s", round, name, (System.nanoTime() - begin) / 1e9));
		}
		return samples;
	}

	private Sample cell(int round, int loops, String distribution) throws Exception {
		int port = this.workloads.nextPort();
		List<String> args = List.of(String.valueOf(loops), distribution);
		String log = NAME + "-" + loops + "-" + distribution + "-round" + round;
		try (ServerProcess server = ServerProcess.startBenchServer(this.options, "gateway-level", port, args,
				this.workloads.log(log))) {
			Map<String, Double> figures;
			try (AcceptStormGenerator generator = new AcceptStormGenerator(new InetSocketAddress("127.0.0.1", port),
					this.options.stormConnectors())) {
				generator.start();
				// a new process: the warm-up also lets the JIT compile the accept and echo paths
				figures = measure(server, generator, this.options.warmup().multipliedBy(2), this.options.measure());
				generator.close();
				figures.put("lostBytes", (double) generator.lostBytes());
				figures.put("mismatches", (double) generator.mismatches());
				figures.put("failures", (double) generator.failures());
				figures.put("connections", (double) generator.completed());
			}
			figures.put("loops", (double) loops);
		figures.put("connectors", (double) this.options.stormConnectors());
			return new Sample(workload(loops), distribution, round, figures);
		}
	}

	private Map<String, Double> measure(ServerProcess server, AcceptStormGenerator generator, Duration warmup,
			Duration window) throws IOException, InterruptedException {
		Thread.sleep(warmup.toMillis());
		Point start = Point.read(server, generator);
		generator.intervalHistogram();
		Thread.sleep(window.toMillis());
		Histogram latency = generator.intervalHistogram();
		Point end = Point.read(server, generator);
		return figures(start, end, latency);
	}

	private Map<String, Double> figures(Point start, Point end, Histogram latency) {
		Map<String, Double> figures = new LinkedHashMap<>();
		double seconds = (end.nanos - start.nanos) / 1e9;
		double accepted = delta(start, end, "acceptAccepted");
		figures.put("connsPerSec", (end.completed - start.completed) / seconds);
		figures.put("accepted", accepted);
		figures.put("wakeupsPerAccepted", delta(start, end, "acceptWakeups") / accepted);
		figures.put("emptyWakeupsPerAccepted", delta(start, end, "acceptEmpty") / accepted);
		figures.put("accept4PerAccepted", delta(start, end, "accepts") / accepted);
		figures.put("epollWaitsPerAccepted", delta(start, end, "wakeups") / accepted);
		int loops = (int) (long) end.stats.get("loops");
		long[] perLoop = new long[loops];
		for (int i = 0; i < loops; i++) {
			perLoop[i] = (long) delta(start, end, "acceptAccepted." + i);
			figures.put("acceptedByLoop." + i, (double) perLoop[i]);
			figures.put("wakeupsByLoop." + i, delta(start, end, "acceptWakeups." + i));
			figures.put("emptyByLoop." + i, delta(start, end, "acceptEmpty." + i));
		}
		figures.put("largestOverSmallest", LoopShare.largestOverSmallest(perLoop));
		figures.put("jainIndex", LoopShare.jainIndex(perLoop));
		LoopSwitches.Switches switches = LoopSwitches.delta(start.switches, end.switches);
		figures.put("loopThreads", (double) end.switches.size());
		figures.put("loopVoluntaryCsPerAccepted", switches.voluntary() / accepted);
		figures.put("loopInvoluntaryCsPerAccepted", switches.involuntary() / accepted);
		figures.put("loopVoluntaryCsPerWakeup", switches.voluntary() / delta(start, end, "acceptWakeups"));
		for (String thread : end.switches.keySet()) {
			LoopSwitches.Switches before = start.switches.get(thread);
			if (before != null) {
				figures.put("voluntaryCsByLoop." + thread.substring(LoopSwitches.LOOP_THREAD_PREFIX.length()),
						(double) end.switches.get(thread).minus(before).voluntary());
			}
		}
		quietestLoop(perLoop, accepted, figures);
		double cpuMicros = (end.cpuTicks - start.cpuTicks) * 1e6 / this.clockTicksPerSecond;
		figures.put("cpuUsPerAccepted", cpuMicros / accepted);
		figures.put("serverCpuPct", 100 * cpuMicros / 1e6 / seconds);
		figures.put("generatorCpuPct",
				100.0 * (end.generatorCpuTicks - start.generatorCpuTicks) / this.clockTicksPerSecond / seconds);
		figures.put("p50Us", latency.getValueAtPercentile(50) / 1e3);
		figures.put("p99Us", latency.getValueAtPercentile(99) / 1e3);
		return figures;
	}

	/**
	 * The loop that accepted the fewest of the window's connections: its thread's voluntary context switches per
	 * connection accepted by all the loops. Without a herd a loop blocks in proportion to its own connections, so
	 * the quietest loop of several is near 0; with a full herd every loop is woken, and blocks again, for about every
	 * connection, whichever loop takes it, so near 1 (or less where connections come faster than the loops sleep).
	 */
	static void quietestLoop(long[] acceptedByLoop, double accepted, Map<String, Double> figures) {
		int quietest = 0;
		for (int i = 1; i < acceptedByLoop.length; i++) {
			if (acceptedByLoop[i] < acceptedByLoop[quietest]) {
				quietest = i;
			}
		}
		Double switches = figures.get("voluntaryCsByLoop." + quietest);
		figures.put("quietestLoopVoluntaryCsPerAccepted", (switches == null) ? Double.NaN : switches / accepted);
	}

	private static double delta(Point start, Point end, String name) {
		Long a = start.stats.get(name);
		Long b = end.stats.get(name);
		return (a == null || b == null) ? Double.NaN : b - a;
	}

	/** Both sides' counters at one instant (the server's statistics, its loop threads, CPU; the generator's count). */
	private record Point(long nanos, Map<String, Long> stats, Map<String, LoopSwitches.Switches> switches,
			long cpuTicks, long generatorCpuTicks, long completed) {

		static Point read(ServerProcess server, AcceptStormGenerator generator) throws IOException {
			Map<String, Long> stats = server.command("STATS");
			Map<String, LoopSwitches.Switches> switches = LoopSwitches.of(server.pid());
			return new Point(System.nanoTime(), stats, switches, server.cpuTicks(),
					ServerProcess.cpuTicks(ProcessHandle.current().pid()), generator.completed());
		}

	}

}
