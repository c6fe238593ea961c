package dev.epollgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * The benchmark of issue 5: runs the servers interleaved, round after round (each round in a rotated order, so none is
 * always first or last), and writes the medians, the targets met or not, and a chart to the output folder after every
 * round. Started by {@code bench/run.sh}, which pins this process (the load generator) to one core; the servers are
 * pinned to the other.
 */
public final class BenchRunner {

	/** The workloads that run the application jar rather than a bench server. */
	static final List<String> APPLICATION_WORKLOADS = List.of("admin", "console");

	/** The workloads that start bench servers of their own rather than one per server kind. */
	static final List<String> OWN_SERVER_WORKLOADS = List.of(AcceptStormWorkload.NAME);

	private BenchRunner() {
	}

	/** One session of an application workload: its sample kept, or its failure noted for the report. */
	private static void applicationSession(int round, String workload, String server, Callable<Sample> session,
			List<Sample> samples, Map<String, String> failures) {
		long begin = System.nanoTime();
		try {
			Sample sample = session.call();
			log(sample.toString());
			samples.add(sample);
		}
		catch (Exception ex) {
			failures.merge(workload, "round " + round + ": " + ex.getMessage(), (a, b) -> a + "; " + b);
			log(workload + " failed: " + ex.getMessage());
		}
		log(String.format("round %d %s done in %.1f s", round, server, (System.nanoTime() - begin) / 1e9));
	}

	public static void main(String[] args) throws Exception {
		if (List.of(args).contains("--help")) {
			System.out.print(BenchOptions.USAGE);
			return;
		}
		BenchOptions options;
		try {
			options = BenchOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		// server logs and flight recordings stay out of the committed results
		Path logs = Path.of("target", "bench-logs", options.out().getFileName().toString());
		Files.createDirectories(logs);
		Machine machine = Machine.describe(options);
		Workloads workloads = new Workloads(options, machine.clockTicksPerSecond(), logs);
		AdminWorkload admin = new AdminWorkload(options, workloads);
		ConsoleWorkload console = new ConsoleWorkload(options, workloads);
		AcceptStormWorkload storm = new AcceptStormWorkload(options, workloads, machine.clockTicksPerSecond());
		List<Sample> samples = new ArrayList<>();
		Map<String, String> failures = new TreeMap<>();
		boolean echoWorkloads = options.workloads()
			.stream()
			.anyMatch((w) -> !APPLICATION_WORKLOADS.contains(w) && !OWN_SERVER_WORKLOADS.contains(w));
		log("benchmark: " + options.rounds() + " rounds, servers " + options.servers() + ", workloads "
				+ options.workloads() + ", warm-up " + options.warmup().toMillis() + " ms, window "
				+ options.measure().toMillis() + " ms, " + options.idle() + " idle");
		for (int r = 1; r <= options.rounds(); r++) {
			int round = r;
			List<String> order = rotated(options.servers(), round - 1);
			for (String kind : echoWorkloads ? order : List.<String>of()) {
				long begin = System.nanoTime();
				try {
					List<Sample> session = workloads.serverSession(kind, round);
					session.forEach((s) -> log(s.toString()));
					samples.addAll(session);
				}
				catch (Exception ex) {
					failures.merge(kind, "round " + round + ": " + ex.getMessage(), (a, b) -> a + "; " + b);
					log(kind + " failed: " + ex.getMessage());
				}
				log(String.format("round %d %s done in %.1f s", round, kind, (System.nanoTime() - begin) / 1e9));
			}
			if (options.workloads().contains(AcceptStormWorkload.NAME)) {
				samples.addAll(storm.round(round, failures));
			}
			if (options.workloads().contains("admin")) {
				// the application's defaults, then the HTTP threads at the loops' priority, then under SCHED_IDLE:
				// what the HTTP threads' priority buys and costs
				for (Map.Entry<String, List<String>> session : AdminWorkload.SESSIONS.entrySet()) {
					applicationSession(round, "admin", session.getKey(),
							() -> admin.session(round, session.getKey(), session.getValue()), samples, failures);
				}
			}
			if (options.workloads().contains("console")) {
				applicationSession(round, "console", ConsoleWorkload.SERVER, () -> console.session(round), samples,
						failures);
			}
			new Report(options, machine, samples, failures, round).write();
			log("round " + round + " written to " + options.out());
		}
		log("done: " + options.out().resolve("results.md"));
	}

	static <T> List<T> rotated(List<T> list, int by) {
		List<T> rotated = new ArrayList<>(list.size());
		for (int i = 0; i < list.size(); i++) {
			rotated.add(list.get((i + by) % list.size()));
		}
		return rotated;
	}

	static void log(String line) {
		System.out.println(Instant.now() + " " + line);
	}

	/** Reads a one-line file. */
	static String read(Path path) {
		try {
			return Files.readAllLines(path).get(0).trim();
		}
		catch (IOException ex) {
			return "?";
		}
	}

}
