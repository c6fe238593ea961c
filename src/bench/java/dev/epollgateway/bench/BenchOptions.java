package dev.epollgateway.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The runner's options, from its command line ({@code bench/run.sh --help} lists them).
 *
 * @param quick a smoke test: one round, short windows, fewer idle connections, results under {@code target/}
 * @param rounds rounds; every server runs once per round, in an order rotated each round
 * @param warmup traffic before each measured window
 * @param measure length of each measured window
 * @param servers server kinds to compare
 * @param workloads workloads to run
 * @param idle idle connections for the idle, memory, switch, admin and console workloads
 * @param out where results are written
 * @param classpath class path of the bench servers
 * @param jar the application jar, for the admin and console workloads
 * @param basePort first TCP port used; each server process gets new ones
 * @param serverCore the core the servers are pinned to (the runner itself is pinned to another by run.sh)
 * @param serverJvmOptions JVM options of every server process, the same for all
 * @param jfr record every bench server with Java Flight Recorder (profile settings) beside its log
 * @param baselineClasspath class path of the {@code base-*} servers: the gateway as another checkout built it (a
 * commit before a change), so that before and after run interleaved in one run; null without {@code --baseline}
 * @param arguments the options as given to {@code bench/run.sh} (without the class path it adds), for the report
 * @param scalingIdle the idle connection counts of the scaling workload, one measured point each, ascending
 * @param stormConnectors concurrent connectors of the accept-storm workload
 */
record BenchOptions(boolean quick, int rounds, Duration warmup, Duration measure, List<String> servers,
		Set<String> workloads, int idle, Path out, String classpath, Path jar, int basePort, String serverCore,
		List<String> serverJvmOptions, boolean jfr, String baselineClasspath, List<String> arguments,
		List<Integer> scalingIdle, int stormConnectors) {

	/** Server kinds run from the {@code --baseline} checkout: {@code base-level} is that build's gateway-level. */
	static final String BASELINE_PREFIX = "base-";

	static final List<String> BASELINE_SERVERS = List.of("base-level", "base-edge", "base-oneshot");

	static final List<String> ALL_SERVERS = List.of("gateway-level", "gateway-edge", "gateway-oneshot", "nio",
			"netty", "c-level", "c-edge");

	/** The default workloads: every one but the readiness backends' (issue 11), which take a run of their own. */
	static final List<String> DEFAULT_WORKLOADS = List.of("pingpong", "bulk", "idle", "memory", "switch", "admin",
			"console");

	/** The readiness backends' workloads (issue 11): {@link ScalingWorkload} and {@link BackendSwitchWorkload}. */
	static final List<String> BACKEND_WORKLOADS = List.of("scaling", "backend-switch");

	/** Issue 13's accept storm ({@link AcceptStormWorkload}): its own gateway processes, loops x distributions. */
	static final List<String> STORM_WORKLOADS = List.of(AcceptStormWorkload.NAME);

	/** Issue 13's shared-epoll workload ({@link SharedEpollWorkload}): on the servers of {@link TopologyEchoServer}. */
	static final List<String> SHARED_EPOLL_WORKLOADS = List.of(SharedEpollWorkload.NAME);

	static final List<String> ALL_WORKLOADS = concat(concat(concat(DEFAULT_WORKLOADS, BACKEND_WORKLOADS),
			STORM_WORKLOADS), SHARED_EPOLL_WORKLOADS);

	/** Servers that only the scaling workload needs: the gateway on poll and select, the JDK's poll Selector. */
	static final List<String> BACKEND_SERVERS = List.of("gateway-poll", "gateway-select", ServerProcess.NIO_POLL);

	/** The servers of the scaling workload when {@code --servers} is not given. */
	static final List<String> SCALING_SERVERS = List.of("gateway-level", "gateway-poll", "gateway-select", "nio",
			ServerProcess.NIO_POLL);

	/** The scaling workload's idle counts when {@code --scaling-idle} is not given (issue 11). */
	static final List<Integer> SCALING_IDLE = List.of(0, 1_000, 4_000, 10_000, 19_000);

	static final String USAGE = """
			usage: bench/run.sh [--quick] [--rounds N] [--warmup-ms MS] [--measure-ms MS] [--idle N]
			                    [--servers a,b,..] [--workloads a,b,..] [--out DIR] [--base-port P] [--jfr]
			                    [--server-jvm "OPTIONS"] [--baseline DIR] [--scaling-idle N,N,..]
			                    [--storm-connectors N]
			  servers:   gateway-level gateway-edge gateway-oneshot nio netty c-level c-edge (default: all)
			             gateway-poll gateway-select nio-poll (readiness backends; the default servers of
			             --workloads scaling,backend-switch: gateway-level gateway-poll gateway-select nio nio-poll)
			             base-level base-edge base-oneshot (with --baseline)
			             gateway-shared-{level,edge,oneshot} gateway-loops4-{level,edge,oneshot} (4 threads on
			             one epoll instance, or a loop each; the default servers of --workloads shared-epoll)
			  workloads: pingpong bulk idle memory switch admin console (default: these)
			             scaling backend-switch (issue 11: only when named)
			             accept-storm (issue 13: only when named; gateway-level with 1, 2, 4, 8 loops on each
			             accept distribution, its own processes whatever --servers says)
			             shared-epoll (issue 13: only when named; 200 active beside --idle idle connections)
			  --scaling-idle: idle connections per scaling point (default 0,1000,4000,10000,19000; select
			             skips the points above 900)
			  --storm-connectors: concurrent connectors of the accept storm (default 4, at most 64)
			  defaults:  5 rounds, 1500 ms warm-up, 3000 ms measured, 10000 idle, out bench/results
			  --quick:   1 round, 500 ms warm-up, 1000 ms measured, 2000 idle, out target/bench-quick
			  --server-jvm: more JVM options for every server process (profiling: the figures then differ)
			  --jfr:     a flight recording of every bench server, in target/bench-logs/ (for profiles, not figures)
			  --baseline: a checkout of an earlier commit, built with `./mvnw -Pbench -DskipTests test-compile`;
			             its gateway runs as base-level, base-edge, base-oneshot beside this one, interleaved
			""";

	static BenchOptions parse(String[] args) {
		boolean quick = Arrays.asList(args).contains("--quick");
		boolean jfr = Arrays.asList(args).contains("--jfr");
		int rounds = quick ? 1 : 5;
		long warmupMs = quick ? 500 : 1500;
		long measureMs = quick ? 1000 : 3000;
		int idle = quick ? 2000 : 10_000;
		Path out = Path.of(quick ? "target/bench-quick" : "bench/results");
		List<String> servers = null;
		Set<String> workloads = new LinkedHashSet<>(DEFAULT_WORKLOADS);
		List<Integer> scalingIdle = quick ? List.of(0, 900) : SCALING_IDLE;
		String classpath = System.getProperty("java.class.path");
		Path jar = Path.of("target/epoll-gateway-0.1.0-SNAPSHOT.jar");
		int basePort = 21000;
		List<String> extraJvm = new ArrayList<>();
		Path baseline = null;
		int stormConnectors = AcceptStormWorkload.CONNECTORS;
		for (int i = 0; i < args.length; i++) {
			String value = (i + 1 < args.length) ? args[i + 1] : null;
			switch (args[i]) {
				case "--quick", "--jfr" -> {
					continue;
				}
				case "--rounds" -> rounds = Integer.parseInt(value);
				case "--warmup-ms" -> warmupMs = Long.parseLong(value);
				case "--measure-ms" -> measureMs = Long.parseLong(value);
				case "--idle" -> idle = Integer.parseInt(value);
				case "--servers" -> servers = checked(value, knownServers(args));
				case "--workloads" -> workloads = new LinkedHashSet<>(checked(value, ALL_WORKLOADS));
				case "--out" -> out = Path.of(value);
				case "--classpath" -> classpath = value;
				case "--jar" -> jar = Path.of(value);
				case "--base-port" -> basePort = Integer.parseInt(value);
				case "--server-jvm" -> extraJvm.addAll(List.of(value.trim().split("\\s+")));
				case "--baseline" -> baseline = Path.of(value).toAbsolutePath();
				case "--scaling-idle" -> scalingIdle = Arrays.stream(value.split(",")).map(String::trim)
					.map(Integer::valueOf).sorted().toList();
				case "--storm-connectors" -> stormConnectors = Integer.parseInt(value);
				default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
			}
			i++;
		}
		if (servers == null) {
			servers = BACKEND_WORKLOADS.containsAll(workloads) ? SCALING_SERVERS : ALL_SERVERS;
		}
		if (SHARED_EPOLL_WORKLOADS.containsAll(workloads) && !Arrays.asList(args).contains("--servers")) {
			// the shared-epoll workload alone runs on its own six servers unless told otherwise
			servers = TopologyEchoServer.KINDS;
		}
		if (scalingIdle.isEmpty() || scalingIdle.get(0) < 0 || scalingIdle.get(scalingIdle.size() - 1) > 19_000) {
			throw new IllegalArgumentException("--scaling-idle takes counts from 0 to 19000 (20000 open files)");
		}
		if (stormConnectors < 1 || stormConnectors > 64) {
			throw new IllegalArgumentException("--storm-connectors must be between 1 and 64");
		}
		if (idle < 200 || idle > 12_000) {
			throw new IllegalArgumentException("--idle must be between 200 and 12000 (20000 open files per process)");
		}
		// A fixed, pre-touched heap: the heap is resident from the start, so VmRSS deltas show native memory only and
		// never a heap that grew or shrank; the memory workload adds the live heap delta after a full GC.
		List<String> jvm = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch",
				"-Xss512k", "-XX:-UsePerfData"));
		jvm.addAll(extraJvm);
		String baselineClasspath = null;
		if (baseline != null) {
			if (!Files.isDirectory(baseline.resolve("target/classes"))) {
				throw new IllegalArgumentException("--baseline " + baseline + " has no target/classes: build it with"
						+ " ./mvnw -Pbench -DskipTests test-compile");
			}
			baselineClasspath = baselineClasspath(classpath, baseline);
		}
		else if (servers.stream().anyMatch((s) -> s.startsWith(BASELINE_PREFIX))) {
			throw new IllegalArgumentException("servers " + BASELINE_SERVERS + " need --baseline DIR");
		}
		return new BenchOptions(quick, rounds, Duration.ofMillis(warmupMs), Duration.ofMillis(measureMs), servers,
				workloads, idle, out, classpath, jar, basePort, "0", List.copyOf(jvm), jfr, baselineClasspath,
				givenArguments(args), scalingIdle, stormConnectors);
	}

	/** The class path of a server kind: the baseline's for {@code base-*}, this checkout's otherwise. */
	String classpathOf(String kind) {
		return kind.startsWith(BASELINE_PREFIX) ? this.baselineClasspath : this.classpath;
	}

	private static List<String> givenArguments(String[] args) {
		List<String> given = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--classpath")) {
				i++;
			}
			else {
				given.add(args[i]);
			}
		}
		return List.copyOf(given);
	}

	private static List<String> knownServers(String[] args) {
		List<String> known = concat(concat(ALL_SERVERS, BACKEND_SERVERS), TopologyEchoServer.KINDS);
		return Arrays.asList(args).contains("--baseline") ? concat(known, BASELINE_SERVERS) : known;
	}

	private static List<String> concat(List<String> a, List<String> b) {
		List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return List.copyOf(all);
	}

	/**
	 * This checkout's class path with its own build folders ({@code target/...}) taken from the baseline checkout
	 * instead; the dependency jars stay the same, so only the project's code differs between the two.
	 */
	private static String baselineClasspath(String classpath, Path baseline) {
		List<String> entries = new ArrayList<>();
		for (String entry : classpath.split(File.pathSeparator)) {
			entries.add(entry.startsWith("target/") ? baseline.resolve(entry).toString() : entry);
		}
		return String.join(File.pathSeparator, entries);
	}

	private static List<String> checked(String list, List<String> allowed) {
		List<String> values = new ArrayList<>();
		for (String value : list.split(",")) {
			if (!allowed.contains(value.trim())) {
				throw new IllegalArgumentException("unknown value " + value + ", expected one of " + allowed);
			}
			values.add(value.trim());
		}
		return values;
	}

}
