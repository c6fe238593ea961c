package dev.epollgateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

import dev.epollgateway.bench.ServerProcess.ThreadTicks;

/**
 * The admin workload: the full application jar (Spring Boot, engine, admin API) with {@code idle} connections open,
 * 64 of them echoing 64 B, alone and while one client reads {@code GET /api/v1/connections?limit=100} back to back:
 * first closed-loop, which saturates the server's core (information, and the session's capacity), then open-loop at
 * half that capacity (the targets). Reports the listing latency, its CPU, and how much the echo p99 rose.
 * <p>
 * Threading: the runner's control thread; the generators and the lister run threads of their own.
 */
final class AdminWorkload {

	/** How long the application may take to answer its API, JIT-less JVM and all. */
	static final Duration APPLICATION_START = Duration.ofSeconds(90);

	/** The sessions of each round: server name to the application arguments that set the HTTP threads' priority. */
	static final Map<String, List<String>> SESSIONS = sessions();

	/**
	 * Listings per warm-up batch. Warming stops after the first batch in which the JIT compilers spent at most
	 * {@link #JIT_QUIET_SHARE} of the server's CPU: C2 compiles a method only after some 5,000 to 15,000 calls, so a
	 * few thousand listings leave the listing path in profiled C1 code, and the compilers then run beside the
	 * measured echo.
	 */
	static final int WARM_UP_BATCH = 2000;

	private static final double JIT_QUIET_SHARE = 0.02;

	static final int WARM_UP_MAX_LISTINGS = 40_000;

	private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(150);

	/** Windows of the echo alone, and as many listed (or with a console open), alternating. */
	static final int PAIRED_WINDOWS = 3;

	/** Listings whose server CPU is measured on the quiet loop, after the warm-up. */
	private static final int QUIET_LISTINGS = 2000;

	private final BenchOptions options;

	private final Workloads workloads;

	AdminWorkload(BenchOptions options, Workloads workloads) {
		this.options = options;
		this.workloads = workloads;
	}

	/**
	 * One session on a fresh application process: the listing warmed on a quiet loop, then the saturated closed
	 * loop (its figures keep their names, and its msgs/s alone is the session's capacity), then the open loop at half
	 * that capacity ({@link OpenLoopListing}, figures {@code open.*}); the same idle connections stay open throughout,
	 * {@code idle} in all with the 64 active ones of each part.
	 * @param server the sample's server name
	 * @param settings application arguments beside the workload's own (e.g. the HTTP threads' priority); none for
	 * the application's defaults
	 */
	Sample session(int round, String server, List<String> settings) throws Exception {
		ApplicationJar jar = new ApplicationJar(this.options, this.workloads);
		EchoWindow window = this.workloads.window();
		try (ServerProcess app = jar.start(settings, "admin-round" + round + "-" + server, this.workloads)) {
			Lister lister = jar.lister("/api/v1/connections?limit=100");
			lister.awaitAnswer(app, APPLICATION_START);
			InetSocketAddress address = jar.echoAddress();
			List<SocketChannel> idle = LoadGenerator.openIdle(address, this.options.idle() - 64);
			try {
				// a gateway that runs for days lists with compiled code: warm the listing path (JIT) first, on a quiet
				// loop, as the echo workloads warm the echo path
				Map<String, Double> figures = new LinkedHashMap<>(
						warmUp(app, lister, window.clockTicksPerSecond(), WARM_UP_MAX_LISTINGS));
				figures.putAll(saturated(app, lister, address));
				figures.putAll(new OpenLoopListing(this.options, window.clockTicksPerSecond()).measure(app, lister,
						address, figures.get("msgsPerSecBase")));
				return new Sample("admin", server, round, figures);
			}
			finally {
				idle.forEach(LoadGenerator::reset);
			}
		}
	}

	/**
	 * The closed loop, 64 connections x 64 B with 1 in flight, which saturates the server's core: six windows, alone
	 * and listed in turn; kept as information beside the open loop.
	 */
	private Map<String, Double> saturated(ServerProcess app, Lister lister, InetSocketAddress address)
			throws IOException, InterruptedException {
		try (LoadGenerator generator = new LoadGenerator(address, 64, 64, 1)) {
			generator.start();
			// then beside the echo, then measure the echo alone and listed
			Thread warming = lister.startThread();
			Thread.sleep(this.options.warmup().toMillis());
			lister.stop(warming);
			lister.intervalLatency();
			// Alone and listed windows alternate, three of each, so that a drift of the echo over the session (the
			// runner's own collections, the machine) falls on both sides alike; each side's figures are the means
			// of its windows.
			long runner = ProcessHandle.current().pid();
			List<Map<String, Double>> alone = new ArrayList<>();
			List<Map<String, Double>> listed = new ArrayList<>();
			for (int i = 0; i < PAIRED_WINDOWS; i++) {
				alone.add(window(app, runner, generator, null));
				listed.add(window(app, runner, generator, lister));
			}
			Map<String, Double> base = EchoWindow.mean(alone);
			Map<String, Double> with = EchoWindow.mean(listed);
			Map<String, Double> figures = new LinkedHashMap<>();
			figures.put("msgsPerSec", with.get("msgsPerSec"));
			figures.put("echoP99BaseUs", base.get("p99Us"));
			figures.put("echoP99ListedUs", with.get("p99Us"));
			figures.put("p50Us", with.get("p50Us"));
			figures.put("p99Us", with.get("p99Us"));
			figures.put("echoP99RisePct", 100 * (with.get("p99Us") / base.get("p99Us") - 1));
			figures.put("msgsPerSecBase", base.get("msgsPerSec"));
			for (int i = 0; i < PAIRED_WINDOWS; i++) {
				figures.put("echoP99AloneUs" + (i + 1), alone.get(i).get("p99Us"));
				figures.put("echoP99ListedUs" + (i + 1), listed.get(i).get("p99Us"));
			}
			for (String key : base.keySet()) {
				if (key.contains("CpuPct")) {
					figures.put(key + "Base", base.get(key));
					figures.put(key + "Listed", with.get(key));
				}
			}
			Histogram latency = lister.intervalLatency();
			figures.put("listP50Ms", latency.getValueAtPercentile(50) / 1e6);
			figures.put("listP99Ms", latency.getValueAtPercentile(99) / 1e6);
			figures.put("listMaxMs", latency.getMaxValue() / 1e6);
			figures.put("listings", (double) latency.getTotalCount());
			figures.put("listErrors", (double) lister.errors());
			figures.put("listBytes", (double) lister.lastLength());
			Workloads.finish(generator, figures);
			return figures;
		}
	}

	private static Map<String, List<String>> sessions() {
		Map<String, List<String>> sessions = new LinkedHashMap<>();
		sessions.put("gateway-app", List.of());
		sessions.put("gateway-app-nice0", List.of("--gateway.admin.worker-nice=0"));
		sessions.put("gateway-app-idle", List.of("--gateway.admin.worker-policy=idle"));
		return sessions;
	}

	/**
	 * One measured window of the echo, listed back to back when a lister is given (started a third of the warm-up
	 * before the window, stopped after it), with the CPU shares of the server's and the runner's threads over it.
	 */
	private Map<String, Double> window(ServerProcess app, long runner, LoadGenerator generator, Lister lister)
			throws IOException, InterruptedException {
		Thread listing = (lister != null) ? lister.startThread() : null;
		ThreadShares shares = new ThreadShares(app.processId(), runner, this.workloads.window().clockTicksPerSecond());
		Map<String, Double> figures = this.workloads.window()
			.measure(app, generator, this.options.warmup().dividedBy(3), this.options.measure());
		shares.finish();
		if (listing != null) {
			lister.stop(listing);
		}
		shares.putInto(figures, "");
		return figures;
	}

	/**
	 * Reads the listing on the quiet loop in batches until the JIT compilers fall quiet, then measures what
	 * {@value #QUIET_LISTINGS} more listings cost the server: figures {@code warmUpListings}, {@code warmUpJitPct} (the
	 * compilers' share of the server's CPU in the last batch), {@code quietListMeanMs} (wall time per listing),
	 * {@code quietListCpuUs} (server CPU per listing) and {@code quietListLoopCpuUs} (of which on the event loop).
	 * @param maxListings listings to stop after at the latest, however busy the compilers still are
	 */
	static Map<String, Double> warmUp(ServerProcess app, Lister lister, long ticksPerSecond, int maxListings)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + WARM_UP_LIMIT.toNanos();
		int listings = 0;
		double jitShare;
		do {
			Map<Integer, ThreadTicks> before = ThreadTicks.of(app.processId());
			listings += lister.read(WARM_UP_BATCH);
			Map<Integer, ThreadTicks> after = ThreadTicks.of(app.processId());
			double total = ThreadTicks.delta(before, after, null);
			jitShare = (total > 0) ? ThreadTicks.delta(before, after, "jit") / total : 0;
		}
		while (jitShare > JIT_QUIET_SHARE && listings < maxListings && System.nanoTime() < deadline);
		Map<Integer, ThreadTicks> before = ThreadTicks.of(app.processId());
		long start = System.nanoTime();
		lister.read(QUIET_LISTINGS);
		long nanos = System.nanoTime() - start;
		Map<Integer, ThreadTicks> after = ThreadTicks.of(app.processId());
		double total = ThreadTicks.delta(before, after, null);
		double loop = ThreadTicks.delta(before, after, "loop");
		Map<String, Double> figures = new LinkedHashMap<>();
		figures.put("warmUpListings", (double) listings);
		figures.put("warmUpJitPct", 100 * jitShare);
		figures.put("quietListMeanMs", nanos / 1e6 / QUIET_LISTINGS);
		figures.put("quietListCpuUs", total * 1e6 / ticksPerSecond / QUIET_LISTINGS);
		figures.put("quietListLoopCpuUs", loop * 1e6 / ticksPerSecond / QUIET_LISTINGS);
		return figures;
	}

}
