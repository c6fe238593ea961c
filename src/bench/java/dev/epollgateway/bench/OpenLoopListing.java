package dev.epollgateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import org.HdrHistogram.Histogram;

/**
 * The admin workload's open-loop half, on a session's running application: 64 connections echo 64 B at a fixed rate
 * (half the closed-loop capacity the session measured first: a gateway is not run at 100 % CPU) beside the idle ones,
 * alone and while the listing is read back to back, in alternating windows. Every figure is named {@code open.*}:
 * <ul>
 * <li>{@code echoP50Us<Side>}, {@code echoP99Us<Side>}, {@code echoMaxUs<Side>} (side {@code Alone} or
 * {@code Listed}): from each message's intended send time to its last byte back, over the side's windows merged, and
 * {@code echoP99RisePct}; {@code serviceP99Us<Side>} the same from the actual write;</li>
 * <li>{@code lagP50Us<Side>}, {@code lagP99Us<Side>}, {@code lagMaxUs<Side>}: how late the sender wrote each message
 * (it runs on the runner's core, beside the lister), and {@code sentPerSec<Side>}, the rate it kept;</li>
 * <li>{@code listP50Ms}, {@code listP99Ms}, {@code listMaxMs}, {@code listings}: the listing within the measured
 * windows; {@code listCpuUs}, {@code listLoopCpuUs}, {@code listHttpCpuUs}: the server's CPU (all of it, the event
 * loop's, the HTTP threads') listed less alone, per listing;</li>
 * <li>{@code <kind>CpuPct<Side>} for the server's thread kinds and {@code runner.<kind>CpuPct<Side>} for the
 * runner's; {@code listerThreadsReniced}: the lister's threads set to nice {@value Lister#NICE}, below the sender's
 * (the lister stands in for a client on another machine).</li>
 * </ul>
 * Threading: the control thread only; the generator and the lister run threads of their own.
 */
final class OpenLoopListing {

	static final String PREFIX = "open.";

	/** Windows of the echo alone, and as many listed, alternating. */
	private static final int PAIRED_WINDOWS = 3;

	private static final Duration DRAIN = Duration.ofSeconds(10);

	private final BenchOptions options;

	private final long ticksPerSecond;

	OpenLoopListing(BenchOptions options, long ticksPerSecond) {
		this.options = options;
		this.ticksPerSecond = ticksPerSecond;
	}

	/**
	 * Runs the phase.
	 * @param capacity the session's closed-loop echo throughput alone, msgs/s; the rate is half of it
	 */
	Map<String, Double> measure(ServerProcess app, Lister lister, InetSocketAddress echo, double capacity)
			throws IOException, InterruptedException {
		double rate = capacity / 2;
		Map<String, Double> figures = new LinkedHashMap<>();
		figures.put("capacityMsgsPerSec", capacity);
		figures.put("rateMsgsPerSec", rate);
		try (OpenLoopGenerator generator = new OpenLoopGenerator(echo, 64, 64, rate)) {
			generator.start();
			// the closed loop warmed the echo and the listing paths; this warms the sender and its schedule
			Thread warming = lister.startThreadBelowGenerator();
			Thread.sleep(this.options.warmup().toMillis());
			lister.stop(warming);
			long runner = ProcessHandle.current().pid();
			List<Window> alone = new ArrayList<>();
			List<Window> listed = new ArrayList<>();
			for (int i = 0; i < PAIRED_WINDOWS; i++) {
				alone.add(window(app, runner, generator, null));
				listed.add(window(app, runner, generator, lister));
			}
			side(figures, "Alone", alone);
			side(figures, "Listed", listed);
			figures.put("echoP99RisePct", 100 * (figures.get("echoP99UsListed") / figures.get("echoP99UsAlone") - 1));
			for (int i = 0; i < PAIRED_WINDOWS; i++) {
				figures.put("echoP99UsAlone" + (i + 1), alone.get(i).latency().getValueAtPercentile(99) / 1e3);
				figures.put("echoP99UsListed" + (i + 1), listed.get(i).latency().getValueAtPercentile(99) / 1e3);
			}
			Histogram listing = merged(listed, Window::listing);
			figures.put("listP50Ms", listing.getValueAtPercentile(50) / 1e6);
			figures.put("listP99Ms", listing.getValueAtPercentile(99) / 1e6);
			figures.put("listMaxMs", listing.getMaxValue() / 1e6);
			figures.put("listings", (double) listing.getTotalCount());
			figures.put("listErrors", (double) lister.errors());
			double listingsPerSec = listing.getTotalCount() / seconds(listed);
			// the echo runs at the same rate on both sides: what the listed windows cost more is the listing's
			double extraCpuPct = mean(listed, Window::serverCpuPct) - mean(alone, Window::serverCpuPct);
			figures.put("listCpuUs", extraCpuPct / 100 * 1e6 / listingsPerSec);
			for (String kind : new String[] { "loop", "http" }) {
				double extra = figures.getOrDefault(kind + "CpuPctListed", 0.0)
						- figures.getOrDefault(kind + "CpuPctAlone", 0.0);
				figures.put("list" + Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + "CpuUs",
						extra / 100 * 1e6 / listingsPerSec);
			}
			figures.put("senderTimerSlackNs", (double) generator.timerSlackNanos());
			figures.put("listerThreadsReniced", (double) lister.threadsReniced());
			figures.put("lostBytes", (double) generator.drain(DRAIN));
			figures.put("mismatches", (double) generator.mismatches());
			figures.put("failures", (double) generator.failures());
		}
		Map<String, Double> prefixed = new LinkedHashMap<>();
		figures.forEach((name, value) -> prefixed.put(PREFIX + name, value));
		return prefixed;
	}

	/** The figures of one side, its windows merged (histograms) or averaged (rates and CPU shares). */
	private static void side(Map<String, Double> figures, String side, List<Window> windows) {
		Histogram latency = merged(windows, Window::latency);
		figures.put("echoP50Us" + side, latency.getValueAtPercentile(50) / 1e3);
		figures.put("echoP99Us" + side, latency.getValueAtPercentile(99) / 1e3);
		figures.put("echoMaxUs" + side, latency.getMaxValue() / 1e3);
		figures.put("serviceP99Us" + side, merged(windows, Window::service).getValueAtPercentile(99) / 1e3);
		Histogram lag = merged(windows, Window::lag);
		figures.put("lagP50Us" + side, lag.getValueAtPercentile(50) / 1e3);
		figures.put("lagP99Us" + side, lag.getValueAtPercentile(99) / 1e3);
		figures.put("lagMaxUs" + side, lag.getMaxValue() / 1e3);
		double seconds = seconds(windows);
		figures.put("sentPerSec" + side, windows.stream().mapToLong(Window::sent).sum() / seconds);
		figures.put("msgsPerSec" + side, windows.stream().mapToLong(Window::echoed).sum() / seconds);
		figures.put("serverCpuPct" + side, mean(windows, Window::serverCpuPct));
		EchoWindow.mean(windows.stream().map(Window::shares).toList())
			.forEach((kind, pct) -> figures.put(kind + "CpuPct" + side, pct));
	}

	/**
	 * One window: the generator's interval histograms, and the lister's when given (started a third of the warm-up
	 * before the window, stopped after it), with the server's CPU and the threads' shares over the same interval.
	 */
	private Window window(ServerProcess app, long runner, OpenLoopGenerator generator, Lister lister)
			throws IOException, InterruptedException {
		Thread listing = (lister != null) ? lister.startThreadBelowGenerator() : null;
		Thread.sleep(this.options.warmup().dividedBy(3).toMillis());
		ThreadShares shares = new ThreadShares(app.processId(), runner, this.ticksPerSecond);
		long cpu = app.cpuTicks();
		long sent = generator.sent();
		long echoed = generator.messages();
		long start = System.nanoTime();
		generator.intervalLatency();
		generator.intervalServiceTime();
		generator.intervalLag();
		if (lister != null) {
			lister.intervalLatency();
		}
		Thread.sleep(this.options.measure().toMillis());
		Histogram latency = generator.intervalLatency();
		Histogram service = generator.intervalServiceTime();
		Histogram lag = generator.intervalLag();
		Histogram listed = (lister != null) ? lister.intervalLatency() : null;
		double seconds = (System.nanoTime() - start) / 1e9;
		double cpuPct = 100.0 * (app.cpuTicks() - cpu) / this.ticksPerSecond / seconds;
		Window window = new Window(seconds, latency, service, lag, listed, generator.sent() - sent,
				generator.messages() - echoed, cpuPct, finished(shares));
		if (listing != null) {
			lister.stop(listing);
		}
		return window;
	}

	private static Map<String, Double> finished(ThreadShares shares) throws IOException {
		shares.finish();
		return shares.shares();
	}

	private static Histogram merged(List<Window> windows, Function<Window, Histogram> histogram) {
		Histogram merged = new Histogram(3);
		windows.forEach((w) -> merged.add(histogram.apply(w)));
		return merged;
	}

	private static double mean(List<Window> windows, ToDoubleFunction<Window> figure) {
		return windows.stream().mapToDouble(figure).average().orElse(Double.NaN);
	}

	private static double seconds(List<Window> windows) {
		return windows.stream().mapToDouble(Window::seconds).sum();
	}

	private record Window(double seconds, Histogram latency, Histogram service, Histogram lag, Histogram listing,
			long sent, long echoed, double serverCpuPct, Map<String, Double> shares) {
	}

}
