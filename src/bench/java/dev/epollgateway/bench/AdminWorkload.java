package dev.epollgateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

import dev.epollgateway.bench.ServerProcess.ThreadTicks;

/**
 * The admin workload: the full application jar (Spring Boot, engine, admin API) with {@code idle} connections open,
 * 64 of them echoing 64 B; first the echo alone, then the echo while one client reads
 * {@code GET /api/v1/connections?limit=100} back to back. Reports the listing latency and how much the echo p99 rose.
 */
final class AdminWorkload {

	private static final String PASSWORD = "bench-viewer";

	/** The sessions of each round: server name to the application arguments that set the HTTP threads' priority. */
	static final Map<String, List<String>> SESSIONS = sessions();

	/**
	 * Listings per warm-up batch. Warming stops after the first batch in which the JIT compilers spent at most
	 * {@link #JIT_QUIET_SHARE} of the server's CPU: C2 compiles a method only after some 5,000 to 15,000 calls, so a
	 * few thousand listings leave the listing path in profiled C1 code, and the compilers then run beside the
	 * measured echo.
	 */
	private static final int WARM_UP_BATCH = 2000;

	private static final double JIT_QUIET_SHARE = 0.02;

	private static final int WARM_UP_MAX_LISTINGS = 40_000;

	private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(150);

	/** Windows of the echo alone, and as many listed, alternating. */
	private static final int PAIRED_WINDOWS = 3;

	/** Listings whose server CPU is measured on the quiet loop, after the warm-up. */
	private static final int QUIET_LISTINGS = 2000;

	private final BenchOptions options;

	private final Workloads workloads;

	AdminWorkload(BenchOptions options, Workloads workloads) {
		this.options = options;
		this.workloads = workloads;
	}

	/**
	 * One session on a fresh application process.
	 * @param server the sample's server name
	 * @param settings application arguments beside the workload's own (e.g. the HTTP threads' priority); none for
	 * the application's defaults
	 */
	Sample session(int round, String server, List<String> settings) throws Exception {
		if (!Files.isRegularFile(this.options.jar())) {
			throw new IOException("no application jar at " + this.options.jar() + " (run.sh builds it)");
		}
		int echoPort = this.workloads.nextPort();
		int httpPort = this.workloads.nextPort();
		int managementPort = this.workloads.nextPort();
		List<String> args = new ArrayList<>(this.options.serverJvmOptions());
		args.addAll(List.of("-jar", this.options.jar().toString(), "--gateway.engine.host=127.0.0.1",
				"--gateway.engine.port=" + echoPort, "--gateway.engine.max-connections=19000",
				"--gateway.engine.drain-timeout=1s", "--server.address=127.0.0.1", "--server.port=" + httpPort,
				"--management.server.port=" + managementPort, "--gateway.security.viewer-password=" + PASSWORD));
		args.addAll(settings);
		URI uri = URI.create("http://127.0.0.1:" + httpPort + "/api/v1/connections?limit=100");
		EchoWindow window = this.workloads.window();
		try (ServerProcess app = ServerProcess.startCommand(this.options, args,
				this.workloads.log("admin-round" + round))) {
			Lister lister = new Lister(uri);
			lister.awaitAnswer(app, Duration.ofSeconds(90));
			InetSocketAddress address = new InetSocketAddress("127.0.0.1", echoPort);
			List<SocketChannel> idle = LoadGenerator.openIdle(address, this.options.idle() - 64);
			// a gateway that runs for days lists with compiled code: warm the listing path (JIT) first, on a quiet
			// loop, as the echo workloads warm the echo path
			Map<String, Double> quiet = warmUp(app, lister, window.clockTicksPerSecond());
			try (LoadGenerator generator = new LoadGenerator(address, 64, 64, 1)) {
				generator.start();
				// then beside the echo, then measure the echo alone and listed
				Thread warming = lister.startThread();
				Thread.sleep(this.options.warmup().toMillis());
				lister.stop(warming);
				lister.latency.reset();
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
				figures.putAll(quiet);
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
				Histogram latency = lister.latency;
				figures.put("listP50Ms", latency.getValueAtPercentile(50) / 1e6);
				figures.put("listP99Ms", latency.getValueAtPercentile(99) / 1e6);
				figures.put("listMaxMs", latency.getMaxValue() / 1e6);
				figures.put("listings", (double) latency.getTotalCount());
				figures.put("listErrors", (double) lister.errors);
				figures.put("listBytes", (double) lister.lastLength);
				Workloads.finish(generator, figures);
				return new Sample("admin", server, round, figures);
			}
			finally {
				idle.forEach(LoadGenerator::reset);
			}
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
	 */
	private static Map<String, Double> warmUp(ServerProcess app, Lister lister, long ticksPerSecond)
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
		while (jitShare > JIT_QUIET_SHARE && listings < WARM_UP_MAX_LISTINGS && System.nanoTime() < deadline);
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

	/**
	 * The CPU of the server's and of the runner's threads per kind over one interval, in percent of one core, as
	 * figures {@code <kind>CpuPct<suffix>} (server) and {@code runner.<kind>CpuPct<suffix>} (this process: the load
	 * generator, the lister, its garbage collector). Used by the control thread only.
	 */
	private static final class ThreadShares {

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

		void putInto(Map<String, Double> figures, String suffix) {
			this.shares.forEach((kind, pct) -> figures.put(kind + "CpuPct" + suffix, pct));
		}

	}

	/** Reads the listing back to back, timing each answer; one request at a time. */
	private static final class Lister implements Runnable {

		private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

		private final HttpRequest request;

		/** Written by the lister thread only while it runs; read and reset by the control thread between runs. */
		private final Histogram latency = new Histogram(3);

		private volatile boolean running;

		private volatile long errors;

		private volatile long lastLength;

		Lister(URI uri) {
			String credentials = Base64.getEncoder()
				.encodeToString(("viewer:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
			this.request = HttpRequest.newBuilder(uri)
				.header("Authorization", "Basic " + credentials)
				.timeout(Duration.ofSeconds(10))
				.build();
		}

		Thread startThread() {
			this.running = true;
			Thread thread = new Thread(this, "admin-lister");
			thread.start();
			return thread;
		}

		void stop(Thread thread) throws InterruptedException {
			this.running = false;
			thread.join(15_000);
		}

		/**
		 * Reads the listing back to back {@code count} times.
		 * @return {@code count}
		 * @throws IOException if an answer is not 200
		 */
		int read(int count) throws IOException, InterruptedException {
			for (int i = 0; i < count; i++) {
				HttpResponse<byte[]> response = this.client.send(this.request, HttpResponse.BodyHandlers.ofByteArray());
				if (response.statusCode() != 200) {
					throw new IOException("the listing answered HTTP " + response.statusCode() + " between measurements");
				}
			}
			return count;
		}

		/** Waits for the first 200 answer (the application has started and the API exists). */
		void awaitAnswer(ServerProcess app, Duration timeout) throws IOException, InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			String last = "no answer";
			while (System.nanoTime() < deadline && app.isAlive()) {
				try {
					HttpResponse<byte[]> response = this.client.send(this.request,
							HttpResponse.BodyHandlers.ofByteArray());
					if (response.statusCode() == 200) {
						return;
					}
					last = "HTTP " + response.statusCode();
				}
				catch (IOException ex) {
					last = ex.toString();
				}
				Thread.sleep(250);
			}
			throw new IOException("the admin API did not answer 200 to " + this.request.uri() + " (" + last + ")");
		}

		@Override
		public void run() {
			while (this.running) {
				long start = System.nanoTime();
				try {
					HttpResponse<byte[]> response = this.client.send(this.request,
							HttpResponse.BodyHandlers.ofByteArray());
					this.latency.recordValue(System.nanoTime() - start);
					this.lastLength = response.body().length;
					if (response.statusCode() != 200) {
						this.errors++;
					}
				}
				catch (IOException ex) {
					this.errors++;
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

	}

}
