package dev.epollgateway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Reads one admin API page back to back as the viewer, one request at a time, timing each answer.
 * <p>
 * Threading: {@link #read} and {@link #awaitAnswer} run on the caller's thread; {@link #startThread} reads on a
 * thread of its own ({@code admin-lister}) until {@link #stop}, recording into a single-writer recorder, so only one
 * of them may read at a time. The control thread takes interval histograms ({@link #intervalLatency}) at any time.
 */
final class Lister implements Runnable {

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final HttpRequest request;

	private final SingleWriterRecorder latency = new SingleWriterRecorder(3);

	/** The nice value of the lister's threads while it reads beside a load generator. */
	static final int NICE = 5;

	private volatile boolean running;

	private volatile int threadsReniced;

	private volatile long errors;

	private volatile long lastLength;

	Lister(URI uri, String user, String password) {
		String credentials = Base64.getEncoder()
			.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		this.request = HttpRequest.newBuilder(uri)
			.header("Authorization", "Basic " + credentials)
			.timeout(Duration.ofSeconds(10))
			.build();
	}

	/** Starts reading on a thread of its own, at the runner's priority. */
	Thread startThread() {
		this.running = true;
		Thread thread = new Thread(this, "admin-lister");
		thread.start();
		return thread;
	}

	/**
	 * Starts reading on a thread of its own, which, with the HTTP client's threads (for good: they are the client's),
	 * runs at nice {@value #NICE}: the lister stands in for a client elsewhere and must not make the open-loop sender
	 * beside it late.
	 */
	Thread startThreadBelowGenerator() throws IOException {
		Thread thread = startThread();
		this.threadsReniced = ThreadNice.set((name) -> name.startsWith("admin-lister") || name.startsWith("HttpClient"),
				NICE);
		return thread;
	}

	/** The lister's and its HTTP client's threads set to {@value #NICE} by the last {@link #startThreadBelowGenerator}. */
	int threadsReniced() {
		return this.threadsReniced;
	}

	void stop(Thread thread) throws InterruptedException {
		this.running = false;
		thread.join(15_000);
	}

	/** The listing latencies of the lister thread since the last call, in nanoseconds. */
	Histogram intervalLatency() {
		return this.latency.getIntervalHistogram();
	}

	/** Answers that were not 200, or no answer, since the start. */
	long errors() {
		return this.errors;
	}

	/** The body length of the last answer, bytes. */
	long lastLength() {
		return this.lastLength;
	}

	/**
	 * Reads the listing back to back {@code count} times, untimed.
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
				HttpResponse<byte[]> response = this.client.send(this.request, HttpResponse.BodyHandlers.ofByteArray());
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
				HttpResponse<byte[]> response = this.client.send(this.request, HttpResponse.BodyHandlers.ofByteArray());
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
