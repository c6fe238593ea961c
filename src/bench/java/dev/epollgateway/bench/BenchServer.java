package dev.epollgateway.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.sun.jna.Function;

import dev.epollgateway.engine.AcceptDistribution;
import dev.epollgateway.engine.BackendKind;
import dev.epollgateway.engine.TriggerMode;

/**
 * A benchmark server process: {@code BenchServer <kind> <port> [<loops> <accept distribution>]} with kind one of
 * {@code gateway-level}, {@code gateway-edge}, {@code gateway-oneshot}, {@code gateway-poll}, {@code gateway-select}
 * (LEVEL on that readiness backend), {@code nio}, {@code nio-poll} (the same server; the runner starts it with the
 * JDK's poll {@code SelectorProvider}), {@code netty}. The loops and the accept distribution ({@code reuseport}, {@code shared},
 * {@code exclusive}; the accept-storm workload's) apply to {@code gateway-level} only: one loop on
 * {@code reuseport} without them.
 * <p>
 * It talks to the {@link BenchRunner} over standard input and output, one line each way, every answer prefixed with
 * {@code @bench}: it prints {@code READY pid=.. port=..} (or {@code FAILED reason}) once, then answers the commands
 * {@code STATS}, {@code GC} (full collection, then {@code malloc_trim}), {@code SWITCH <mode>},
 * {@code SWITCH-BACKEND <backend>} (answered {@code ERROR <the engine's refusal>} when refused) and {@code QUIT}. Everything else the libraries print goes to
 * standard error.
 * <p>
 * Issue 13's shared-epoll workload adds {@code gateway-shared-<mode>} and {@code gateway-loops4-<mode>}
 * ({@link TopologyEchoServer}: 4 threads on one epoll instance, or a loop each).
 */
public final class BenchServer {

	private BenchServer() {
	}

	public static void main(String[] args) throws Exception {
		PrintStream protocol = System.out;
		System.setOut(System.err);
		String kind = args[0];
		int port = Integer.parseInt(args[1]);
		EchoServer server;
		try {
			server = (args.length >= 4) ? create(kind, Integer.parseInt(args[2]), AcceptDistribution.parse(args[3]))
					: create(kind);
			server.start(port);
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			protocol.println("@bench FAILED " + oneLine(ex));
			protocol.flush();
			System.exit(2);
			return;
		}
		protocol.println("@bench READY pid=" + ProcessHandle.current().pid() + " port=" + port);
		protocol.flush();
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = in.readLine()) != null) {
			String[] words = line.trim().split("\\s+");
			try {
				switch (words[0]) {
					case "STATS" -> {
						Map<String, Long> stats = new LinkedHashMap<>(server.statistics());
						stats.put("conns", server.connections());
						stats.put("heapUsed", heapUsed());
						protocol.println("@bench STATS " + format(stats));
					}
					case "GC" -> {
						System.gc();
						System.gc();
						// hand free malloc memory (JIT arenas, freed buffers) back, so VmRSS shows what is held
						Function.getFunction("c", "malloc_trim").invokeInt(new Object[] { 0 });
						protocol.println("@bench OK heapUsed=" + heapUsed());
					}
					case "SWITCH" -> protocol.println("@bench SWITCHED " + format(server.switchMode(words[1])));
					case "SWITCH-BACKEND" -> protocol.println("@bench SWITCHED " + format(server.switchBackend(words[1])));
					case "QUIT" -> {
						server.stop();
						protocol.println("@bench BYE");
						protocol.flush();
						System.exit(0);
					}
					default -> protocol.println("@bench ERROR unknown command " + words[0]);
				}
			}
			catch (Throwable ex) {
				ex.printStackTrace();
				protocol.println("@bench ERROR " + oneLine(ex));
			}
			protocol.flush();
		}
		server.stop();
		System.exit(0);
	}

	/** The gateway in LEVEL with several loops sharing the listening port as the distribution says. */
	static EchoServer create(String kind, int loops, AcceptDistribution distribution) {
		if (!kind.equals("gateway-level")) {
			throw new IllegalArgumentException("loops and an accept distribution need gateway-level, not " + kind);
		}
		return new GatewayEchoServer(TriggerMode.LEVEL, BackendKind.EPOLL, loops, distribution);
	}

	static EchoServer create(String kind) {
		return switch (kind) {
			case "nio", "nio-poll" -> new NioEchoServer();
			case "netty" -> new NettyEchoServer();
			case "gateway-poll" -> new GatewayEchoServer(TriggerMode.LEVEL, BackendKind.POLL);
			case "gateway-select" -> new GatewayEchoServer(TriggerMode.LEVEL, BackendKind.SELECT);
			case "gateway-shared-level", "gateway-shared-edge", "gateway-shared-oneshot", "gateway-loops4-level",
					"gateway-loops4-edge", "gateway-loops4-oneshot" -> TopologyEchoServer.of(kind);
			default -> {
				if (!kind.startsWith("gateway-")) {
					throw new IllegalArgumentException("unknown server kind " + kind);
				}
				yield new GatewayEchoServer(TriggerMode.parse(kind.substring("gateway-".length())));
			}
		};
	}

	/** Live heap: the heap pools' usage right after the last collection (after {@code GC}, the live data). */
	private static long heapUsed() {
		long used = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
				used += pool.getCollectionUsage().getUsed();
			}
		}
		return used;
	}

	private static String format(Map<String, Long> values) {
		return values.entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
	}

	private static String oneLine(Throwable ex) {
		return (ex.getClass().getSimpleName() + ": " + ex.getMessage()).replace('\n', ' ');
	}

}
