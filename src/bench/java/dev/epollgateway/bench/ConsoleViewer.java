package dev.epollgateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.epollgateway.console.ConsoleSession;

/**
 * One console page left open on a signed-in session, making the requests the page makes
 * ({@code src/main/resources/static/console/*.js}), at its rate:
 * <ul>
 * <li>on load ({@code app.js}): {@code GET api/v1/me}, then {@code api/v1/engine}, the connections listing and
 * {@code api/v1/interest-list}, then the two streams;</li>
 * <li>while open ({@code live.js}): {@code api/v1/statistics/stream} and {@code api/v1/events} read without pause;</li>
 * <li>on every {@code sample} whose {@code messages} is above 0, and on every {@code CONNECTION_*} event, the
 * connections listing re-read 200 ms later ({@code app.js} debounces; {@code connections.js} re-reads once more when
 * a push came during a read). With traffic, that is one listing per sample interval. The listing is the page's
 * default view: the filter form's first sort ({@code id}) and its selected limit (50).</li>
 * </ul>
 * The charts, the engine panel and the event log are drawn from the streams and fetch nothing more; the interest
 * list is re-read only after a mode switch, which this workload never makes.
 * <p>
 * Threading: {@link #open} and {@link #close} on the control thread; each stream is read on a thread of its own
 * ({@code console-viewer-s}, {@code console-viewer-e}) and the listings run one at a time on one scheduler thread
 * ({@code console-viewer-l}). These threads and the HTTP client's run at nice {@value Lister#NICE}: the page stands in
 * for a browser on another machine and must not take the load generator's core. Counters are atomic.
 */
final class ConsoleViewer implements AutoCloseable {

	/** The page's default view of the connections ({@code index.html}'s filter form). */
	static final String LISTING = "api/v1/connections?sort=id&limit=50";

	private static final long REFRESH_DELAY_MS = 200;

	private static final Duration FIRST_SAMPLE_LIMIT = Duration.ofSeconds(10);

	/** A sample's echoed messages per second, the only field the page acts on. */
	private static final Pattern MESSAGES = Pattern.compile("\"messages\":([-0-9.eE+]+)");

	private final ConsoleSession session;

	private final ScheduledExecutorService lister = Executors
		.newSingleThreadScheduledExecutor((task) -> new Thread(task, "console-viewer-l"));

	private final List<InputStream> bodies = new ArrayList<>();

	private final List<Thread> readers = new ArrayList<>();

	private final CountDownLatch firstSample = new CountDownLatch(1);

	private final AtomicLong samples = new AtomicLong();

	private final AtomicLong events = new AtomicLong();

	private final AtomicLong refreshes = new AtomicLong();

	private final AtomicLong errors = new AtomicLong();

	private final long openedNanos = System.nanoTime();

	private ScheduledFuture<?> pendingRefresh;

	private volatile boolean closing;

	private ConsoleViewer(ConsoleSession session) {
		this.session = session;
	}

	/**
	 * Loads the page and opens its streams; returns once the first {@code sample} arrived, so that the page's
	 * rhythm (a listing per sample) already runs.
	 * @throws IOException when a request of the load is not answered 200 or no sample comes
	 */
	static ConsoleViewer open(ConsoleSession session) throws IOException, InterruptedException {
		ConsoleViewer viewer = new ConsoleViewer(session);
		try {
			for (String path : new String[] { "api/v1/me", "api/v1/engine", LISTING, "api/v1/interest-list" }) {
				int status = session.get(path).statusCode();
				if (status != 200) {
					throw new IOException("the console's " + path + " answered HTTP " + status);
				}
			}
			viewer.read("api/v1/statistics/stream", "console-viewer-s");
			viewer.read("api/v1/events", "console-viewer-e");
			ThreadNice.set((name) -> name.startsWith("console-viewer") || name.startsWith("HttpClient"), Lister.NICE);
			if (!viewer.firstSample.await(FIRST_SAMPLE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IOException("no statistics sample within " + FIRST_SAMPLE_LIMIT);
			}
			return viewer;
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			viewer.close();
			throw ex;
		}
	}

	/** {@code sample} events received. */
	long samples() {
		return this.samples.get();
	}

	/** Connection events received. */
	long events() {
		return this.events.get();
	}

	/** Listings re-read on a push (the load's first one not counted). */
	long refreshes() {
		return this.refreshes.get();
	}

	/** Listings not answered 200, and streams that ended while the page was open. */
	long errors() {
		return this.errors.get();
	}

	/** Seconds since {@link #open} began. */
	double secondsOpen() {
		return (System.nanoTime() - this.openedNanos) / 1e9;
	}

	/** Closes the page: both streams' connections, then the pending listing. */
	@Override
	public void close() throws InterruptedException {
		this.closing = true;
		synchronized (this.bodies) {
			for (InputStream body : this.bodies) {
				try {
					body.close();
				}
				catch (IOException ex) {
					// closed already
				}
			}
		}
		for (Thread reader : this.readers) {
			reader.join(5000);
		}
		this.lister.shutdownNow();
		this.lister.awaitTermination(15, TimeUnit.SECONDS);
	}

	private void read(String path, String threadName) throws IOException, InterruptedException {
		HttpResponse<InputStream> response = this.session.openStream(path);
		synchronized (this.bodies) {
			this.bodies.add(response.body());
		}
		if (response.statusCode() != 200) {
			throw new IOException("the console's " + path + " answered HTTP " + response.statusCode());
		}
		Thread reader = new Thread(() -> dispatch(response.body()), threadName);
		this.readers.add(reader);
		reader.start();
	}

	/** Reader thread: reads server-sent events until the stream ends, acting on each as the page does. */
	private void dispatch(InputStream body) {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
			String event = "message";
			StringBuilder data = new StringBuilder();
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (line.isEmpty()) {
					received(event, data);
					event = "message";
					data.setLength(0);
				}
				else if (line.startsWith("event:")) {
					event = line.substring(6).trim();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5));
				}
			}
		}
		catch (IOException ex) {
			// the page closed the stream, or the stream failed: counted below unless closing
		}
		if (!this.closing) {
			this.errors.incrementAndGet();
		}
	}

	private void received(String event, CharSequence data) {
		if (event.equals("sample")) {
			this.samples.incrementAndGet();
			this.firstSample.countDown();
			Matcher messages = MESSAGES.matcher(data);
			if (messages.find() && Double.parseDouble(messages.group(1)) > 0) {
				connectionsChanged();
			}
		}
		else if (event.startsWith("CONNECTION_")) {
			this.events.incrementAndGet();
			connectionsChanged();
		}
	}

	/**
	 * A push: the listing re-read 200 ms after the last one, as {@code app.js} debounces; a read already running
	 * finishes first and this one follows it ({@code connections.js}'s {@code again}).
	 */
	private synchronized void connectionsChanged() {
		if (this.pendingRefresh != null) {
			this.pendingRefresh.cancel(false);
		}
		if (!this.closing) {
			this.pendingRefresh = this.lister.schedule(this::refresh, REFRESH_DELAY_MS, TimeUnit.MILLISECONDS);
		}
	}

	/** Lister thread. */
	private void refresh() {
		try {
			int status = this.session.get(LISTING).statusCode();
			this.refreshes.incrementAndGet();
			if (status != 200) {
				this.errors.incrementAndGet();
			}
		}
		catch (RuntimeException ex) {
			if (!this.closing) {
				this.errors.incrementAndGet();
			}
		}
	}

}
