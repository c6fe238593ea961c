package dev.epollgateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The workloads of issue 5 against one server process each. One {@link #serverSession} runs, on a fresh server
 * process: ping-pong (64 connections x 64 B, 1 in flight), bulk (4 x 16 KiB, 4 in flight), memory (resident bytes
 * per idle connection with the echo drained, after a GC on both sides of the delta: the VmRSS delta, which with the
 * pre-touched heap of {@link BenchOptions} is native memory, plus the live heap delta; after a first opening of as
 * many idle connections, recorded apart, so that one-time growth is not counted per connection), idle (100 active x
 * 64 B beside {@code idle} idle connections, and alone as {@code idle-base}, in alternating windows) and, for the
 * gateway started in LEVEL, switch (LEVEL to EDGE to ONESHOT to LEVEL with traffic on every one of {@code idle}
 * connections); and the readiness backends' workloads of issue 11, {@link ScalingWorkload} and
 * {@link BackendSwitchWorkload}; issue 13's {@link SharedEpollWorkload}.
 */
final class Workloads {

	private static final Duration DRAIN = Duration.ofSeconds(10);

	/** Pairs of windows, alone and beside the idle connections, per idle workload. */
	private static final int IDLE_PAIRS = 3;

	private final BenchOptions options;

	private final EchoWindow window;

	private final Path logs;

	private final ScalingWorkload scaling;

	private final BackendSwitchWorkload backendSwitch;

	private final SharedEpollWorkload sharedEpoll;

	private int nextPort;

	Workloads(BenchOptions options, long clockTicksPerSecond, Path logs) {
		this.options = options;
		this.window = new EchoWindow(clockTicksPerSecond);
		this.logs = logs;
		this.nextPort = options.basePort();
		this.scaling = new ScalingWorkload(options, this.window);
		this.backendSwitch = new BackendSwitchWorkload(options);
		this.sharedEpoll = new SharedEpollWorkload(options, this.window);
	}

	EchoWindow window() {
		return this.window;
	}

	int nextPort() {
		return this.nextPort++;
	}

	Path log(String name) {
		return this.logs.resolve(name + ".log");
	}

	boolean has(String workload) {
		return this.options.workloads().contains(workload);
	}

	/** Every echo workload on a new process of one server kind. */
	List<Sample> serverSession(String kind, int round) throws Exception {
		int port = nextPort();
		ServerProcess started;
		try {
			started = ServerProcess.startBenchServer(this.options, kind, port, log(kind + "-round" + round));
		}
		catch (IOException ex) {
			// a port taken by someone else: one more try on the next one
			port = nextPort();
			started = ServerProcess.startBenchServer(this.options, kind, port, log(kind + "-round" + round));
		}
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
		List<Sample> samples = new ArrayList<>();
		try (ServerProcess server = started) {
			if (has("pingpong")) {
				samples.add(echo("pingpong", kind, round, server, address, 64, 64, 1));
			}
			if (has("bulk")) {
				samples.add(echo("bulk", kind, round, server, address, 4, 16 * 1024, 4));
			}
			if (has("idle") || has("memory")) {
				samples.addAll(idle(kind, round, server, address));
			}
			if (has("switch") && kind.equals("gateway-level")) {
				samples.add(switchModes(round, server, address));
			}
			if (has("scaling")) {
				samples.addAll(this.scaling.run(kind, round, server, address));
			}
			if (has("backend-switch") && kind.equals(BackendSwitchWorkload.SERVER)) {
				samples.add(this.backendSwitch.run(round, server, address));
			}
			if (has(SharedEpollWorkload.NAME) && SharedEpollWorkload.runsOn(kind)) {
				samples.add(this.sharedEpoll.run(kind, round, server, address));
			}
		}
		return samples;
	}

	private Sample echo(String workload, String kind, int round, ServerProcess server, InetSocketAddress address,
			int connections, int size, int inFlight) throws Exception {
		try (LoadGenerator generator = new LoadGenerator(address, connections, size, inFlight)) {
			generator.start();
			// the first workload on a new process also waits for the JIT to compile the echo path
			Duration warmup = workload.equals("pingpong") ? this.options.warmup().multipliedBy(2)
					: this.options.warmup();
			Map<String, Double> figures = this.window.measure(server, generator, warmup, this.options.measure());
			finish(generator, figures);
			return new Sample(workload, kind, round, figures);
		}
	}

	private List<Sample> idle(String kind, int round, ServerProcess server, InetSocketAddress address)
			throws Exception {
		List<Sample> samples = new ArrayList<>();
		int idleCount = this.options.idle();
		double firstOpening = has("memory") ? firstOpening(server, address, idleCount) : Double.NaN;
		try (LoadGenerator generator = new LoadGenerator(address, 100, 64, 1)) {
			generator.start();
			// Traffic makes every server finish the first opening's closes (a Selector deregisters cancelled keys
			// only when it selects again) before anything is measured.
			Thread.sleep(500);
			long lost = 0;
			if (has("memory")) {
				lost += generator.drain(DRAIN);
				samples.add(memory(kind, round, server, address, firstOpening));
				generator.resume();
				awaitConnectionCount(server, (held) -> held <= 100);
			}
			if (has("idle")) {
				samples.addAll(idlePairs(kind, round, server, address, generator, lost));
			}
		}
		return samples;
	}

	/** Resident bytes per idle connection, with the generator drained: a quiet server on both sides of the delta. */
	private Sample memory(String kind, int round, ServerProcess server, InetSocketAddress address,
			double firstOpening) throws Exception {
		int idleCount = this.options.idle();
		long heapBefore = settleQuiet(server);
		long rssBefore = server.residentBytes();
		List<SocketChannel> idle = LoadGenerator.openIdle(address, idleCount);
		try {
			long held = awaitConnections(server, 100 + idleCount);
			long heapAfter = settleQuiet(server);
			long rssAfter = server.residentBytes();
			Map<String, Double> memory = new LinkedHashMap<>();
			double nativePerConn = (double) (rssAfter - rssBefore) / idleCount;
			double heapPerConn = (double) (heapAfter - heapBefore) / idleCount;
			memory.put("rssPerConn", nativePerConn + heapPerConn);
			memory.put("nativePerConn", nativePerConn);
			memory.put("heapPerConn", heapPerConn);
			memory.put("firstOpeningPerConn", firstOpening);
			memory.put("rssBaseMiB", rssBefore / 1048576.0);
			memory.put("connsHeld", (double) held);
			return new Sample("memory", kind, round, memory);
		}
		finally {
			idle.forEach(LoadGenerator::reset);
		}
	}

	/**
	 * The active connections alone and beside the idle ones, in {@link #IDLE_PAIRS} pairs of windows (the idle
	 * connections opened before each loaded window and reset after it), so that a drift of the machine or the server
	 * falls on both sides; each side's figures are the means of its windows. Single pairs ranged from 0.79 to 1.32 in
	 * throughput kept on this machine.
	 */
	private List<Sample> idlePairs(String kind, int round, ServerProcess server, InetSocketAddress address,
			LoadGenerator generator, long lostBefore) throws Exception {
		int idleCount = this.options.idle();
		// the first window also lets the traffic settle; the later ones follow traffic that never stopped
		Duration settle = this.options.warmup().dividedBy(3);
		List<Map<String, Double>> alone = new ArrayList<>();
		List<Map<String, Double>> beside = new ArrayList<>();
		long held = 0;
		for (int i = 0; i < IDLE_PAIRS; i++) {
			alone.add(this.window.measure(server, generator, (i == 0) ? this.options.warmup() : settle,
					this.options.measure()));
			List<SocketChannel> idle = LoadGenerator.openIdle(address, idleCount);
			try {
				held = awaitConnections(server, 100 + idleCount);
				beside.add(this.window.measure(server, generator, settle, this.options.measure()));
			}
			finally {
				idle.forEach(LoadGenerator::reset);
				awaitConnectionCount(server, (count) -> count <= 100);
			}
		}
		Map<String, Double> base = EchoWindow.mean(alone);
		Map<String, Double> loaded = EchoWindow.mean(beside);
		loaded.put("connsHeld", (double) held);
		loaded.put("throughputRatio", loaded.get("msgsPerSec") / base.get("msgsPerSec"));
		loaded.put("cpuRatio", loaded.get("cpuUsPerMsg") / base.get("cpuUsPerMsg"));
		finish(generator, loaded);
		loaded.merge("lostBytes", (double) lostBefore, Double::sum);
		return List.of(new Sample("idle-base", kind, round, base), new Sample("idle", kind, round, loaded));
	}

	private Sample switchModes(int round, ServerProcess server, InetSocketAddress address) throws Exception {
		int live = this.options.idle();
		try (LoadGenerator generator = new LoadGenerator(address, live, 64, 1)) {
			generator.start();
			Map<String, Double> figures = new LinkedHashMap<>();
			figures.put("connsHeld", (double) awaitConnections(server, live));
			Thread.sleep(this.options.warmup().toMillis());
			long startMessages = generator.messages();
			long start = System.nanoTime();
			double slowest = 0;
			for (String mode : new String[] { "EDGE", "ONESHOT", "LEVEL" }) {
				Map<String, Long> result = server.command("SWITCH " + mode);
				double millis = result.get("switchNanos") / 1e6;
				slowest = Math.max(slowest, millis);
				figures.put("switchMs." + mode, millis);
				figures.put("wallMs." + mode, result.get("wallNanos") / 1e6);
				figures.put("rearmed." + mode, (double) result.get("rearmed"));
				Thread.sleep(Math.max(500, this.options.measure().toMillis() / 3));
			}
			figures.put("maxSwitchMs", slowest);
			figures.put("msgsPerSec", (generator.messages() - startMessages) / ((System.nanoTime() - start) / 1e9));
			finish(generator, figures);
			return new Sample("switch", "gateway-level", round, figures);
		}
	}

	/**
	 * Opens the idle connections once and resets them, before the measured opening, so that what a server grows only
	 * once (the JIT-compiled accept path, the compiler's arenas, tables sized for the peak) is not counted per
	 * connection. Every server goes through it alike.
	 * @return resident bytes per connection of this first opening, native and heap, one-time growth included
	 */
	private static double firstOpening(ServerProcess server, InetSocketAddress address, int count) throws Exception {
		long heapBefore = settle(server);
		long rssBefore = server.residentBytes();
		List<SocketChannel> first = LoadGenerator.openIdle(address, count);
		try {
			awaitConnections(server, count);
			long heapAfter = settle(server);
			long rssAfter = server.residentBytes();
			return (double) (rssAfter - rssBefore + heapAfter - heapBefore) / count;
		}
		finally {
			first.forEach(LoadGenerator::reset);
			awaitConnectionCount(server, (held) -> held <= 0);
		}
	}

	/** Drains the generator: what never came back is lost; mismatches and failures over the whole run. */
	static void finish(LoadGenerator generator, Map<String, Double> figures) throws InterruptedException {
		figures.put("lostBytes", (double) generator.drain(DRAIN));
		figures.put("mismatches", (double) generator.mismatches());
		figures.put("failures", (double) generator.failures());
	}

	/**
	 * {@link #settle} after a pause without traffic longer than the JVM's 5 s period for handing the JIT compilers'
	 * freed arenas back to malloc, so that VmRSS does not rise or fall by megabytes of compiler memory between two
	 * readings.
	 */
	private static long settleQuiet(ServerProcess server) throws IOException, InterruptedException {
		Thread.sleep(5500);
		return settle(server);
	}

	/**
	 * Collects the server's garbage until the live heap stops shrinking (a closed channel's memory is freed only after
	 * its cleaner has run, a collection later); answers the heap in use.
	 */
	private static long settle(ServerProcess server) throws IOException, InterruptedException {
		Thread.sleep(200);
		long heap = server.command("GC").get("heapUsed");
		for (int i = 0; i < 8; i++) {
			Thread.sleep(300);
			long again = server.command("GC").get("heapUsed");
			boolean settled = Math.abs(again - heap) < 64 * 1024;
			heap = again;
			if (settled) {
				break;
			}
		}
		return heap;
	}

	/** Waits until the server holds the connections (10 s at most); answers how many it holds. */
	static long awaitConnections(ServerProcess server, long expected) throws IOException, InterruptedException {
		if (!server.isBenchServer()) {
			return -1;
		}
		return awaitConnectionCount(server, (held) -> held >= expected);
	}

	/** Polls the server's connection count until it satisfies the condition (10 s at most); answers the last count. */
	static long awaitConnectionCount(ServerProcess server, LongPredicate reached)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		long held;
		while (!reached.test(held = server.command("STATS").get("conns")) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		return held;
	}

}
