package dev.epollgateway.engine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Runs the engine alone in a child JVM for {@link AcceptLimitsTests}, so that its open-files limit can be lowered
 * ({@code ulimit -n}) without starving the test JVM. Answers one line per command on stdin:
 * <ul>
 * <li>at start: {@code READY port=<port> fds=<open fds>};</li>
 * <li>{@code STATS}: {@code STATS fdLimit=<rejected FD_LIMIT> maxConnections=<rejected MAX_CONNECTIONS>
 * iterations=<loop iterations> active=<active> accepted=<accepted> fds=<open fds>};</li>
 * <li>{@code STOP}: stops the engine, prints {@code STOPPED} and exits 0.</li>
 * </ul>
 */
public final class FdLimitedEngineMain {

	private FdLimitedEngineMain() {
	}

	public static void main(String[] args) throws Exception {
		PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
		TriggerMode mode = TriggerMode.parse(args[0]);
		EngineConfig config = EngineConfig.defaults()
			.withAddress("127.0.0.1", 0)
			.withTriggerMode(mode)
			.withTimeouts(Duration.ZERO, Duration.ofSeconds(1));
		EpollEngine engine = new EpollEngine(config);
		engine.start();
		out.println("READY port=" + engine.localAddress().getPort() + " fds=" + ProcessFds.count());
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String command;
		while ((command = in.readLine()) != null) {
			switch (command.trim()) {
				case "STATS" -> {
					EngineStatistics statistics = engine.statistics();
					EngineStatistics.Connections connections = statistics.connections();
					out.println("STATS fdLimit=" + connections.rejected().getOrDefault(RejectReason.FD_LIMIT, 0L)
							+ " maxConnections=" + connections.rejected().getOrDefault(RejectReason.MAX_CONNECTIONS, 0L)
							+ " iterations=" + statistics.loopTiming().iterations() + " active=" + connections.active()
							+ " accepted=" + connections.accepted() + " fds=" + ProcessFds.count());
				}
				case "STOP" -> {
					engine.stop();
					out.println("STOPPED");
					System.exit(0);
				}
				default -> out.println("UNKNOWN " + command);
			}
		}
		engine.stop();
	}

}
