package dev.epollgateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.epollgateway.console.ConsoleSession;

/**
 * The console workload (issue 12: "an open console must not cost the echo"): the application jar at its defaults
 * (the console's sampler every 1 s) with {@code idle} connections open, 64 of them echoing 64 B closed-loop, measured
 * in alternating windows with no console open and with one {@link ConsoleViewer} open (signed in by the form, both
 * streams read, the connections listing re-read on every sample as the page does). Figures per side (suffix
 * {@code None} or {@code Open}): the event loops' time on a CPU per echoed message ({@code loopCpuUsPerMsg}), the
 * process's CPU per message ({@code cpuUsPerMsg}), msgs/s; and {@code loopCpuDiffPct}, open against none.
 * <p>
 * Threading: the runner's control thread; the generator and the viewer run threads of their own.
 */
final class ConsoleWorkload {

	static final String SERVER = "gateway-app-console";

	/**
	 * The shortest settling before a window. After a page closes, the statistics stream's sender finds the connection
	 * gone only when it writes the next sample or the one after (1 s apart); after one opens, the listing follows
	 * each sample. Two intervals make both sides start in their steady state.
	 */
	private static final Duration SETTLE = Duration.ofSeconds(2);

	/**
	 * Pairs of windows. Single windows of this loop's CPU per message range over ±25 % on this kind of machine, so
	 * the console's cost is judged on the means of several, in an order that cancels a drift.
	 */
	static final int PAIRS = 4;

	private final BenchOptions options;

	private final Workloads workloads;

	ConsoleWorkload(BenchOptions options, Workloads workloads) {
		this.options = options;
		this.workloads = workloads;
	}

	/**
	 * One session on a fresh application process: the page's listing warmed on a quiet loop (as the admin workload
	 * warms its own; the quiet figures price one listing on the loop), then the paired windows.
	 */
	Sample session(int round) throws Exception {
		ApplicationJar jar = new ApplicationJar(this.options, this.workloads);
		try (ServerProcess app = jar.start(List.of(), "console-round" + round, this.workloads)) {
			Lister lister = jar.lister("/" + ConsoleViewer.LISTING);
			lister.awaitAnswer(app, AdminWorkload.APPLICATION_START);
			List<SocketChannel> idle = LoadGenerator.openIdle(jar.echoAddress(), this.options.idle() - 64);
			try {
				ConsoleSession session = new ConsoleSession(jar.httpPort());
				int signedIn = session.signIn("viewer", ApplicationJar.VIEWER_PASSWORD);
				if (signedIn != 204) {
					throw new IOException("the console's sign-in answered HTTP " + signedIn);
				}
				// a smoke run keeps to one batch: the quiet figures then include some interpreted listings
				int warmUpListings = this.options.quick() ? AdminWorkload.WARM_UP_BATCH
						: AdminWorkload.WARM_UP_MAX_LISTINGS;
				Map<String, Double> figures = new LinkedHashMap<>(AdminWorkload.warmUp(app, lister,
						this.workloads.window().clockTicksPerSecond(), warmUpListings));
				figures.putAll(paired(app, session, jar.echoAddress()));
				// what the page's listings alone should cost the loop, at the quiet loop's price of one: the share of
				// the loop's CPU per message that the measured difference is to be read against
				figures.put("listingLoopPct", 100 * figures.get("quietListLoopCpuUs") * figures.get("listingsPerSec")
						/ figures.get("msgsPerSecOpen") / figures.get("loopCpuUsPerMsgOpen"));
				return new Sample("console", SERVER, round, figures);
			}
			finally {
				idle.forEach(LoadGenerator::reset);
			}
		}
	}

	/**
	 * The closed loop, 64 connections x 64 B with 1 in flight, in {@link #PAIRS} pairs of windows, none then open and
	 * open then none in turn (ABBA), so that a drift of the echo over the session falls on both sides; each side's
	 * figures are the means of its windows, and the difference is that of the means.
	 */
	private Map<String, Double> paired(ServerProcess app, ConsoleSession session, InetSocketAddress address)
			throws IOException, InterruptedException {
		try (LoadGenerator generator = new LoadGenerator(address, 64, 64, 1)) {
			generator.start();
			// the first echo on this process: the JIT compiles the echo path, as in ping-pong
			Thread.sleep(this.options.warmup().multipliedBy(2).toMillis());
			List<Map<String, Double>> none = new ArrayList<>();
			List<Map<String, Double>> open = new ArrayList<>();
			Map<String, Double> figures = new LinkedHashMap<>();
			double refreshes = 0;
			double samples = 0;
			double seconds = 0;
			double events = 0;
			double errors = 0;
			for (int i = 0; i < PAIRS; i++) {
				// none-open, then open-none (ABBA): a drift of the echo over the session falls on both sides
				boolean noneFirst = (i % 2 == 0);
				if (noneFirst) {
					none.add(window(app, generator));
				}
				try (ConsoleViewer viewer = ConsoleViewer.open(session)) {
					open.add(window(app, generator));
					refreshes += viewer.refreshes();
					samples += viewer.samples();
					events += viewer.events();
					errors += viewer.errors();
					seconds += viewer.secondsOpen();
				}
				if (!noneFirst) {
					none.add(window(app, generator));
				}
				figures.put("loopCpuDiffPct" + (i + 1), diffPct(open.get(i), none.get(i), "loopCpuUsPerMsg"));
			}
			Map<String, Double> noneMean = EchoWindow.mean(none);
			Map<String, Double> openMean = EchoWindow.mean(open);
			figures.put("loopCpuDiffPct", diffPct(openMean, noneMean, "loopCpuUsPerMsg"));
			figures.put("cpuDiffPct", diffPct(openMean, noneMean, "cpuUsPerMsg"));
			noneMean.forEach((key, value) -> figures.put(key + "None", value));
			openMean.forEach((key, value) -> figures.put(key + "Open", value));
			figures.put("listingsPerSec", refreshes / seconds);
			figures.put("samplesPerSec", samples / seconds);
			figures.put("connectionEvents", events);
			figures.put("consoleErrors", errors);
			Workloads.finish(generator, figures);
			return figures;
		}
	}

	/**
	 * One measured window after {@link #settle()}, with each kind of the server's threads per message and, over the
	 * settling and the window, the CPU shares of the server's and the runner's threads.
	 */
	private Map<String, Double> window(ServerProcess app, LoadGenerator generator)
			throws IOException, InterruptedException {
		EchoWindow window = this.workloads.window().byThreadKind();
		ThreadShares shares = new ThreadShares(app.processId(), ProcessHandle.current().pid(),
				window.clockTicksPerSecond());
		Map<String, Double> figures = window.measure(app, generator, settle(), this.options.measure());
		shares.finish();
		shares.putInto(figures, "");
		return figures;
	}

	private Duration settle() {
		Duration third = this.options.warmup().dividedBy(3);
		return (third.compareTo(SETTLE) > 0) ? third : SETTLE;
	}

	private static double diffPct(Map<String, Double> open, Map<String, Double> none, String figure) {
		return 100 * (open.get(figure) / none.get(figure) - 1);
	}

}
