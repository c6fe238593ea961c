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

/**
 * The admin workload: the full application jar (Spring Boot, engine, admin API) with {@code idle} connections open,
 * 64 of them echoing 64 B; first the echo alone, then the echo while one client reads
 * {@code GET /api/v1/connections?limit=100} back to back. Reports the listing latency and how much the echo p99 rose.
 */
final class AdminWorkload {

	private static final String PASSWORD = "bench-viewer";

	/** Listings read back to back before measuring, so that the listing path runs compiled. */
	private static final int WARM_UP_LISTINGS = 3000;

	private final BenchOptions options;

	private final Workloads workloads;

	AdminWorkload(BenchOptions options, Workloads workloads) {
		this.options = options;
		this.workloads = workloads;
	}

	/**
	 * One session on a fresh application process.
	 * @param workerNice {@code gateway.admin.worker-nice} for the HTTP threads, or -1 for the application's default
	 * (the sample's server is {@code gateway-app}; otherwise {@code gateway-app-nice<N>})
	 */
	Sample session(int round, int workerNice) throws Exception {
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
		if (workerNice >= 0) {
			args.add("--gateway.admin.worker-nice=" + workerNice);
		}
		String server = (workerNice >= 0) ? "gateway-app-nice" + workerNice : "gateway-app";
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
			long[] warmUp = lister.warmUp(WARM_UP_LISTINGS, Duration.ofSeconds(30));
			try (LoadGenerator generator = new LoadGenerator(address, 64, 64, 1)) {
				generator.start();
				// then beside the echo, then measure the echo alone, then listed
				Thread warming = lister.startThread();
				Thread.sleep(this.options.warmup().toMillis());
				lister.stop(warming);
				lister.latency.reset();
				// three windows' worth: the echo p99 beside a back-to-back listing swings widely over one window
				Duration measure = this.options.measure().multipliedBy(3);
				Map<String, Double> base = window.measure(app, generator, this.options.warmup(), measure);
				Thread listing = lister.startThread();
				Map<String, Double> listed = window.measure(app, generator, this.options.warmup(), measure);
				lister.stop(listing);
				Map<String, Double> figures = new LinkedHashMap<>();
				figures.put("warmUpListings", (double) warmUp[0]);
				figures.put("warmUpListMeanMs", warmUp[1] / 1e6);
				figures.put("msgsPerSec", listed.get("msgsPerSec"));
				figures.put("echoP99BaseUs", base.get("p99Us"));
				figures.put("echoP99ListedUs", listed.get("p99Us"));
				figures.put("p50Us", listed.get("p50Us"));
				figures.put("p99Us", listed.get("p99Us"));
				figures.put("echoP99RisePct", 100 * (listed.get("p99Us") / base.get("p99Us") - 1));
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
		 * Reads the listing back to back {@code count} times, or until the time is up.
		 * @return {listings read, their mean latency in nanoseconds}
		 */
		long[] warmUp(int count, Duration limit) throws IOException, InterruptedException {
			long deadline = System.nanoTime() + limit.toNanos();
			long start = System.nanoTime();
			int done = 0;
			while (done < count && System.nanoTime() < deadline) {
				HttpResponse<byte[]> response = this.client.send(this.request, HttpResponse.BodyHandlers.ofByteArray());
				if (response.statusCode() != 200) {
					throw new IOException("warming up, the listing answered HTTP " + response.statusCode());
				}
				done++;
			}
			return new long[] { done, (done > 0) ? (System.nanoTime() - start) / done : 0 };
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
