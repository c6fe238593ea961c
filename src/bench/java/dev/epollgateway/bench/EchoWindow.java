package dev.epollgateway.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.HdrHistogram.Histogram;

import dev.epollgateway.bench.ServerProcess.ThreadTicks;

/**
 * One measured window of echo traffic: what the generator saw (messages, latency, bad bytes) and what the server
 * spent ({@code /proc/<pid>/stat} CPU, and the gateway's own syscall counters), as deltas over the same interval;
 * when made {@link #byThreadKind}, also each kind of the server's threads' time on a CPU per message.
 * <p>
 * Threading: the runner's control thread.
 */
final class EchoWindow {

	private final long clockTicksPerSecond;

	private final boolean byThreadKind;

	EchoWindow(long clockTicksPerSecond) {
		this(clockTicksPerSecond, false);
	}

	private EchoWindow(long clockTicksPerSecond, boolean byThreadKind) {
		this.clockTicksPerSecond = clockTicksPerSecond;
		this.byThreadKind = byThreadKind;
	}

	/**
	 * The same window that also reads every thread of the server at both ends (figures
	 * {@code <kind>CpuUsPerMsg}, from {@code schedstat}, exact to the nanosecond), in the same instant as the
	 * process's CPU and the generator's count, so that a kind's time and the messages cover one interval.
	 */
	EchoWindow byThreadKind() {
		return new EchoWindow(this.clockTicksPerSecond, true);
	}

	long clockTicksPerSecond() {
		return this.clockTicksPerSecond;
	}

	/** Lets the traffic warm up, then measures one window. */
	Map<String, Double> measure(ServerProcess server, LoadGenerator generator, Duration warmup, Duration window)
			throws IOException, InterruptedException {
		Thread.sleep(warmup.toMillis());
		Point start = point(server, generator);
		generator.intervalHistogram();
		Thread.sleep(window.toMillis());
		Histogram latency = generator.intervalHistogram();
		Point end = point(server, generator);
		return figures(start, end, latency);
	}

	/** The mean of each figure over windows. */
	static Map<String, Double> mean(List<Map<String, Double>> windows) {
		Set<String> keys = new LinkedHashSet<>();
		windows.forEach((window) -> keys.addAll(window.keySet()));
		Map<String, Double> mean = new LinkedHashMap<>();
		for (String key : keys) {
			mean.put(key, windows.stream().mapToDouble((w) -> w.getOrDefault(key, 0.0)).average().orElse(Double.NaN));
		}
		return mean;
	}

	private Point point(ServerProcess server, LoadGenerator generator) throws IOException {
		Map<String, Long> stats = (server != null && server.isBenchServer()) ? server.command("STATS") : Map.of();
		long cpu = (server != null) ? server.cpuTicks() : 0;
		long system = (server != null) ? server.systemTicks() : 0;
		Map<Integer, ThreadTicks> threads = (server != null && this.byThreadKind) ? ThreadTicks.of(server.pid())
				: Map.of();
		return new Point(System.nanoTime(), cpu, system, ServerProcess.cpuTicks(ProcessHandle.current().pid()), stats,
				threads, generator.messages(), generator.mismatches(), generator.failures());
	}

	private Map<String, Double> figures(Point start, Point end, Histogram latency) {
		Map<String, Double> figures = new LinkedHashMap<>();
		double seconds = (end.nanos - start.nanos) / 1e9;
		double messages = end.messages - start.messages;
		figures.put("msgsPerSec", messages / seconds);
		double cpuMicros = (end.cpuTicks - start.cpuTicks) * 1e6 / this.clockTicksPerSecond;
		figures.put("cpuUsPerMsg", (messages > 0) ? cpuMicros / messages : Double.NaN);
		double systemMicros = (end.systemTicks - start.systemTicks) * 1e6 / this.clockTicksPerSecond;
		figures.put("sysUsPerMsg", (messages > 0) ? systemMicros / messages : Double.NaN);
		figures.put("userUsPerMsg", (messages > 0) ? (cpuMicros - systemMicros) / messages : Double.NaN);
		figures.put("serverCpuPct", 100 * cpuMicros / 1e6 / seconds);
		// the runner's own process: when it nears 100 % the generator, not the server, limits msgs/s
		figures.put("generatorCpuPct",
				100.0 * (end.generatorCpuTicks - start.generatorCpuTicks) / this.clockTicksPerSecond / seconds);
		figures.put("p50Us", latency.getValueAtPercentile(50) / 1e3);
		figures.put("p99Us", latency.getValueAtPercentile(99) / 1e3);
		figures.put("mismatches", (double) (end.mismatches - start.mismatches));
		figures.put("failures", (double) (end.failures - start.failures));
		for (String kind : ThreadTicks.kinds(end.threads)) {
			long nanos = ThreadTicks.runtimeNanos(start.threads, end.threads, kind);
			figures.put(kind + "CpuUsPerMsg", (nanos >= 0 && messages > 0) ? nanos / 1e3 / messages : Double.NaN);
		}
		Long syscalls = delta(start, end, "syscalls");
		Long serverMessages = delta(start, end, "messages");
		if (syscalls != null && serverMessages != null && serverMessages > 0) {
			figures.put("syscallsPerMsg", (double) syscalls / serverMessages);
			figures.put("serverMsgsPerClientMsg", serverMessages / messages);
			for (String name : new String[] { "epollWaits", "reads", "eagainReads", "writes", "eagainWrites", "ctlMod",
					"rearms" }) {
				Long d = delta(start, end, name);
				if (d != null) {
					figures.put(name + "PerMsg", (double) d / serverMessages);
				}
			}
		}
		return figures;
	}

	private static Long delta(Point start, Point end, String name) {
		Long a = start.stats.get(name);
		Long b = end.stats.get(name);
		return (a == null || b == null) ? null : b - a;
	}

	private record Point(long nanos, long cpuTicks, long systemTicks, long generatorCpuTicks, Map<String, Long> stats,
			Map<Integer, ThreadTicks> threads, long messages, long mismatches, long failures) {
	}

}
