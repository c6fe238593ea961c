package dev.epollgateway.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Runs the engine alone in a child JVM for {@link AcceptLimitsTests}, so that its open-files limit can be lowered
 * ({@code ulimit -n}) without starving the test JVM. Arguments: the trigger mode, then optionally {@code churn} for a
 * thread that keeps opening and closing an fd. Answers one line per command on stdin:
 * <ul>
 * <li>at start: {@code READY port=<port> fds=<open fds> classes=<engine classes preloaded>};</li>
 * <li>{@code STATS}: {@code STATS fdLimit=<rejected FD_LIMIT> maxConnections=<rejected MAX_CONNECTIONS>
 * iterations=<loop iterations> active=<active> accepted=<accepted>};</li>
 * <li>a failing command: {@code ERROR <exception>};</li>
 * <li>{@code STOP}: stops the engine, prints {@code STOPPED} and exits 0.</li>
 * </ul>
 */
public final class FdLimitedEngineMain {

	private FdLimitedEngineMain() {
	}

	public static void main(String[] args) throws Exception {
		PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
		TriggerMode mode = TriggerMode.parse(args[0]);
		boolean churn = args.length > 1 && args[1].equals("churn");
		EngineConfig config = EngineConfig.defaults()
			.withAddress("127.0.0.1", 0)
			.withTriggerMode(mode)
			.withTimeouts(Duration.ZERO, Duration.ofSeconds(1));
		// Out of fds, a class can no longer be read from a directory: load them all now (a packaged jar stays open).
		int preloaded = preloadClasses();
		EpollEngine engine = new EpollEngine(config);
		engine.start();
		stats(engine);
		if (churn) {
			startFdChurn();
		}
		out.println("READY port=" + engine.localAddress().getPort() + " fds=" + ProcessFds.count() + " classes="
				+ preloaded);
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String command;
		while ((command = in.readLine()) != null) {
			try {
				switch (command.trim()) {
					case "STATS" -> out.println(stats(engine));
					case "STOP" -> {
						engine.stop();
						out.println("STOPPED");
						System.exit(0);
					}
					default -> out.println("UNKNOWN " + command);
				}
			}
			catch (Throwable ex) {
				out.println("ERROR " + ex);
			}
		}
		engine.stop();
	}

	/** The statistics line; it opens no fd, so answering cannot take one from the engine at its limit. */
	private static String stats(EpollEngine engine) {
		EngineStatistics statistics = engine.statistics();
		EngineStatistics.Connections connections = statistics.connections();
		return "STATS fdLimit=" + connections.rejected().getOrDefault(RejectReason.FD_LIMIT, 0L) + " maxConnections="
				+ connections.rejected().getOrDefault(RejectReason.MAX_CONNECTIONS, 0L) + " iterations="
				+ statistics.loopTiming().iterations() + " active=" + connections.active() + " accepted="
				+ connections.accepted();
	}

	/**
	 * Another thread of the process that opens and closes an fd all the time, as the service's own metrics do
	 * (Micrometer's file-descriptor gauge lists {@code /proc/self/fd}); at the limit most attempts fail.
	 */
	private static void startFdChurn() {
		Thread churn = new Thread(() -> {
			while (true) {
				try {
					ProcessFds.count();
				}
				catch (IOException | UncheckedIOException ex) {
					// At the limit: expected most of the time.
				}
				LockSupport.parkNanos(50_000);
			}
		}, "fd-churn");
		churn.setDaemon(true);
		churn.start();
	}

	private static int preloadClasses() throws Exception {
		Path root = Path.of(EpollEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path engine = root.resolve(EpollEngine.class.getPackageName().replace('.', '/'));
		List<String> names;
		try (Stream<Path> files = Files.walk(engine)) {
			names = files.map((file) -> root.relativize(file).toString())
				.filter((name) -> name.endsWith(".class"))
				.map((name) -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
				.toList();
		}
		for (String name : names) {
			Class.forName(name, false, FdLimitedEngineMain.class.getClassLoader());
		}
		return names.size();
	}

}
