package dev.epollgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes {@code results.md} (medians over the rounds, the targets met or not), {@code samples.csv} (every
 * figure of every round) and {@code chart.png} to the output folder.
 */
final class Report {

	static final List<String> ECHO_WORKLOADS = List.of("pingpong", "idle-base", "idle", "bulk");

	private final BenchOptions options;

	private final Machine machine;

	private final List<Sample> samples;

	private final Map<String, String> failures;

	private final int roundsDone;

	Report(BenchOptions options, Machine machine, List<Sample> samples, Map<String, String> failures,
			int roundsDone) {
		this.options = options;
		this.machine = machine;
		this.samples = List.copyOf(samples);
		this.failures = failures;
		this.roundsDone = roundsDone;
	}

	/** Median of one figure over the rounds; NaN when never measured. */
	double median(String workload, String server, String figure) {
		double[] values = this.samples.stream()
			.filter((s) -> s.workload().equals(workload) && s.server().equals(server))
			.mapToDouble((s) -> s.value(figure))
			.filter((v) -> !Double.isNaN(v))
			.sorted()
			.toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int mid = values.length / 2;
		return (values.length % 2 == 1) ? values[mid] : (values[mid - 1] + values[mid]) / 2;
	}

	/** Largest value of one figure over the rounds; NaN when never measured. */
	double max(String workload, String server, String figure) {
		return this.samples.stream()
			.filter((s) -> s.workload().equals(workload) && s.server().equals(server))
			.mapToDouble((s) -> s.value(figure))
			.filter((v) -> !Double.isNaN(v))
			.max()
			.orElse(Double.NaN);
	}

	int rounds(String workload, String server) {
		return (int) this.samples.stream()
			.filter((s) -> s.workload().equals(workload) && s.server().equals(server))
			.count();
	}

	int idleCount() {
		return this.options.idle();
	}

	BenchOptions options() {
		return this.options;
	}

	/** A text the workload kept in its last round on this server (a refusal's words); "n/a" when none. */
	String lastNote(String workload, String server, String note) {
		return this.samples.stream()
			.filter((s) -> s.workload().equals(workload) && s.server().equals(server) && s.notes().containsKey(note))
			.reduce((a, b) -> b)
			.map((s) -> s.notes().get(note))
			.orElse("n/a");
	}

	List<String> servers() {
		return this.options.servers();
	}

	void write() throws IOException {
		Files.createDirectories(this.options.out());
		Files.writeString(this.options.out().resolve("samples.csv"), csv());
		Files.writeString(this.options.out().resolve("results.md"), markdown());
		try {
			if (this.samples.stream().anyMatch((s) -> Chart.WORKLOADS.contains(s.workload()))) {
				// a run of only the scaling or accept-storm workloads has nothing for these charts
				new Chart(this).write(this.options.out().resolve("chart.png"));
			}
		}
		catch (Exception | LinkageError ex) {
			BenchRunner.log("chart not written: " + ex);
		}
		try {
			new SharedEpollReport(this).chart(this.options.out().resolve("shared-epoll.png"));
		}
		catch (Exception | LinkageError ex) {
			BenchRunner.log("shared-epoll chart not written: " + ex);
		}
		try {
			new ScalingReport(this).chart(this.options.out().resolve("scaling.png"));
		}
		catch (Exception | LinkageError ex) {
			BenchRunner.log("scaling chart not written: " + ex);
		}
		try {
			new AcceptStormReport(this).chart(this.options.out().resolve("accept-storm.png"));
		}
		catch (Exception | LinkageError ex) {
			BenchRunner.log("accept-storm chart not written: " + ex);
		}
	}

	private String csv() {
		StringBuilder csv = new StringBuilder("workload,server,round,figure,value\n");
		for (Sample sample : this.samples) {
			sample.values()
				.forEach((name, value) -> csv.append(String.join(",", sample.workload(), sample.server(),
						String.valueOf(sample.round()), name, String.format(Locale.ROOT, "%.4f", value)))
					.append('\n'));
		}
		return csv.toString();
	}

	private String markdown() {
		StringBuilder md = new StringBuilder("# Benchmark results\n\n");
		md.append(String.format("%d of %d rounds, medians over the rounds; warm-up %d ms and a measured window of %d ms"
				+ " per workload; %d idle connections. Command: `bench/run.sh%s`.%n%n", this.roundsDone,
				this.options.rounds(), this.options.warmup().toMillis(), this.options.measure().toMillis(),
				this.options.idle(), this.options.arguments().stream().map((a) -> " " + a).collect(Collectors.joining())));
		md.append("Machine:\n\n");
		this.machine.facts().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
		md.append("- load average at the end: ").append(BenchRunner.read(Path.of("/proc/loadavg"))).append("\n\n");
		md.append(new Targets(this).markdown()).append('\n');
		echoTable(md);
		syscallTable(md);
		idleTable(md);
		memoryTable(md);
		switchTable(md);
		new SharedEpollReport(this).markdown(md);
		new ScalingReport(this).markdown(md);
		new BackendSwitchReport(this).markdown(md);
		new AcceptStormReport(this).markdown(md);
		adminTable(md);
		consoleTable(md);
		if (!this.failures.isEmpty()) {
			md.append("## Not measured\n\n");
			this.failures.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
			md.append('\n');
		}
		md.append(Targets.METHOD);
		return md.toString();
	}

	private void echoTable(StringBuilder md) {
		md.append("## Echo workloads\n\n");
		md.append("ping-pong: 64 connections x 64 B, 1 in flight; idle-base: 100 active x 64 B, 1 in flight, no idle;"
				+ " idle: the same beside ").append(this.options.idle()).append(" idle connections (three windows of"
				+ " each, alternating, means); bulk: 4 x 16 KiB, 4"
				+ " in flight. CPU is the server process's utime+stime per echoed message; syscalls per message are"
				+ " the gateway's own counters (all syscalls / reads that returned data). The loop is closed, so msgs/s is"
				+ " set by whichever side saturates its core: where the generator's CPU is near 100 % it is the"
				+ " generator's limit, and the servers compare by CPU per message.\n\n");
		md.append("| workload | server | msgs/s | CPU µs/msg | user + sys µs | p50 µs | p99 µs | syscalls/msg | server CPU % |"
				+ " generator CPU % | lost B | bad reads | rounds |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String workload : ECHO_WORKLOADS) {
			for (String server : servers()) {
				if (rounds(workload, server) == 0) {
					continue;
				}
				md.append(row(workload, server, fmt(median(workload, server, "msgsPerSec"), 0),
						fmt(median(workload, server, "cpuUsPerMsg"), 2),
						fmt(median(workload, server, "userUsPerMsg"), 2) + " + "
								+ fmt(median(workload, server, "sysUsPerMsg"), 2),
						fmt(median(workload, server, "p50Us"), 0),
						fmt(median(workload, server, "p99Us"), 0), fmt(median(workload, server, "syscallsPerMsg"), 2),
						fmt(median(workload, server, "serverCpuPct"), 0),
						fmt(median(workload, server, "generatorCpuPct"), 0), fmt(max(workload, server, "lostBytes"), 0),
						fmt(max(workload, server, "mismatches"), 0), String.valueOf(rounds(workload, server))));
			}
		}
		md.append('\n');
	}

	private void syscallTable(StringBuilder md) {
		md.append("## Gateway syscalls per message, by kind\n\n| workload | mode | epoll_wait | read | read EAGAIN |"
				+ " send | send EAGAIN | epoll_ctl MOD | re-arms | total |\n|---|---|---:|---:|---:|---:|---:|---:|---:|"
				+ "---:|\n");
		for (String workload : ECHO_WORKLOADS) {
			for (String server : servers()) {
				if (!server.startsWith("gateway") || rounds(workload, server) == 0) {
					continue;
				}
				List<String> cells = new ArrayList<>(List.of(workload, server));
				for (String kind : new String[] { "epollWaits", "reads", "eagainReads", "writes", "eagainWrites",
						"ctlMod", "rearms" }) {
					cells.add(fmt(median(workload, server, kind + "PerMsg"), 3));
				}
				cells.add(fmt(median(workload, server, "syscallsPerMsg"), 3));
				md.append(row(cells.toArray(String[]::new)));
			}
		}
		md.append('\n');
	}

	private void idleTable(StringBuilder md) {
		md.append("## Idle connections\n\n| server | msgs/s, 0 idle | msgs/s, ").append(this.options.idle())
			.append(" idle | throughput kept | CPU/msg ratio |\n|---|---:|---:|---:|---:|\n");
		for (String server : servers()) {
			if (rounds("idle", server) > 0) {
				md.append(row(server, fmt(median("idle-base", server, "msgsPerSec"), 0),
						fmt(median("idle", server, "msgsPerSec"), 0),
						fmt(100 * median("idle", server, "throughputRatio"), 1) + " %",
						fmt(median("idle", server, "cpuRatio"), 3)));
			}
		}
		md.append('\n');
	}

	private void memoryTable(StringBuilder md) {
		md.append("## Memory\n\nResident bytes per idle connection = (VmRSS with ").append(this.options.idle())
			.append(" idle connections - VmRSS before them) / connections + (live heap after a full GC, same delta) /"
					+ " connections. The servers' heap is fixed and pre-touched (`-Xms=-Xmx`, `-XX:+AlwaysPreTouch`), so"
					+ " the VmRSS delta is native memory only and the heap's share is counted once, by the live-heap delta."
					+ " Kernel socket memory is in neither. Before it, each server opens and resets as many idle"
					+ " connections once, so that what it grows only once (the JIT-compiled accept path, the compiler's"
					+ " arenas, tables sized for the peak) is not counted per connection; the last column is that first"
					+ " opening, one-time growth included.\n\n"
					+ "| server | resident B/idle conn | native (VmRSS) B | heap B | VmRSS before MiB |"
					+ " first opening B/conn |\n"
					+ "|---|---:|---:|---:|---:|---:|\n");
		for (String server : servers()) {
			if (rounds("memory", server) > 0) {
				md.append(row(server, fmt(median("memory", server, "rssPerConn"), 0),
						fmt(median("memory", server, "nativePerConn"), 0), fmt(median("memory", server, "heapPerConn"), 0),
						fmt(median("memory", server, "rssBaseMiB"), 1),
						fmt(median("memory", server, "firstOpeningPerConn"), 0)));
			}
		}
		md.append('\n');
	}

	private void switchTable(StringBuilder md) {
		if (rounds("switch", "gateway-level") == 0) {
			return;
		}
		md.append("## Live trigger-mode switch\n\n").append(this.options.idle())
			.append(" connections, every one echoing 64 B with 1 in flight; switch time is the engine's own"
					+ " (slowest loop), wall time is the SWITCH command around the future.\n\n"
					+ "| switch | median ms | max ms | median wall ms | connections re-armed |\n|---|---:|---:|---:|---:|\n");
		String previous = "LEVEL";
		for (String mode : new String[] { "EDGE", "ONESHOT", "LEVEL" }) {
			md.append(row(previous + " → " + mode, fmt(median("switch", "gateway-level", "switchMs." + mode), 2),
					fmt(max("switch", "gateway-level", "switchMs." + mode), 2),
					fmt(median("switch", "gateway-level", "wallMs." + mode), 2),
					fmt(median("switch", "gateway-level", "rearmed." + mode), 0)));
			previous = mode;
		}
		md.append(String.format("%nBytes lost (max over rounds): %s; bad reads: %s; failed connections: %s; echo"
				+ " during the switches: %s msgs/s.%n%n", fmt(max("switch", "gateway-level", "lostBytes"), 0),
				fmt(max("switch", "gateway-level", "mismatches"), 0), fmt(max("switch", "gateway-level", "failures"), 0),
				fmt(median("switch", "gateway-level", "msgsPerSec"), 0)));
	}

	private void adminTable(StringBuilder md) {
		if (rounds("admin", "gateway-app") == 0) {
			return;
		}
		openLoopTable(md);
		md.append("## Admin listing, saturated (closed loop, information)\n\nThe application jar with ")
			.append(this.options.idle())
			.append(" connections (64 echoing 64 B); one client reads `GET /api/v1/connections?limit=100` back to back;"
					+ " the echo is measured in six windows, alone and listed in turn, and each side's figures are the means"
					+ " of its three windows. Before the echo starts, the"
					+ " listing is read on a quiet loop in batches of 2,000 until the JIT compilers spend under 2 % of"
					+ " the server's CPU (C2 compiles a method after some 5,000 to 15,000 calls), then 2,000 more"
					+ " listings are timed: their server CPU per listing, and the part of it on the event loop, are the"
					+ " quiet columns. The CPU shares are those of the server's threads while listed, in percent of its"
					+ " core, and that of the lister on the load generator's core (it runs beside the generator)."
					+ " `gateway-app` runs the application's defaults (HTTP threads at `gateway.admin.worker-nice` 10),"
					+ " `gateway-app-nice0` the HTTP threads at the loops' priority, `gateway-app-idle` the HTTP threads"
					+ " under `SCHED_IDLE` (`gateway.admin.worker-policy=idle`).\n\n"
					+ "| server | listing p50 ms | listing p99 ms | listings | errors | echo p99 µs alone |"
					+ " echo p99 µs listed | rise | warm-up listings | quiet listing CPU µs | of which loop µs |"
					+ " loop % listed | HTTP % listed | JIT % listed | lister % of the generator's core |\n"
					+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String s : AdminWorkload.SESSIONS.keySet()) {
			if (rounds("admin", s) == 0) {
				continue;
			}
			md.append(row(s, fmt(median("admin", s, "listP50Ms"), 2), fmt(median("admin", s, "listP99Ms"), 2),
					fmt(median("admin", s, "listings"), 0), fmt(max("admin", s, "listErrors"), 0),
					fmt(median("admin", s, "echoP99BaseUs"), 0), fmt(median("admin", s, "echoP99ListedUs"), 0),
					fmt(median("admin", s, "echoP99RisePct"), 1) + " %", fmt(median("admin", s, "warmUpListings"), 0),
					fmt(median("admin", s, "quietListCpuUs"), 0), fmt(median("admin", s, "quietListLoopCpuUs"), 0),
					fmt(median("admin", s, "loopCpuPctListed"), 1), fmt(median("admin", s, "httpCpuPctListed"), 1),
					fmt(median("admin", s, "jitCpuPctListed"), 1), fmt(median("admin", s, "runner.listerCpuPctListed"), 1)));
		}
		md.append('\n');
	}

	/** The console workload: each side's means, then the difference that issue 12's target judges. */
	private void consoleTable(StringBuilder md) {
		String s = ConsoleWorkload.SERVER;
		if (rounds("console", s) == 0) {
			return;
		}
		md.append("## Cost of an open console\n\nThe application jar at its defaults (the console's sampler every 1 s)"
				+ " with ").append(this.options.idle())
			.append(" connections, 64 echoing 64 B closed-loop (the server's core saturated), in ")
			.append(2 * ConsoleWorkload.PAIRS)
			.append(" windows: no console open and one open, in pairs ordered none-open, open-none, ... (ABBA, so a"
					+ " drift falls on both sides). The open console is a session signed in by the form that"
					+ " reads both event streams and re-reads the connections listing (`?sort=id&limit=50`) 200 ms after"
					+ " every sample with traffic, as the page does. Loop CPU is the event-loop threads' time on a CPU"
					+ " (`/proc/<pid>/task/*/schedstat`, exact to the ns) per echoed message; process CPU the whole"
					+ " process's utime + stime; console the sampler's and the stream senders' threads. Means of each"
					+ " side's windows.\n\n"
					+ "| side | msgs/s | loop CPU µs/msg | process CPU µs/msg | HTTP µs/msg | console µs/msg | echo p99 µs |"
					+ " generator CPU % |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String[] side : new String[][] { { "None", "no console" }, { "Open", "one console open" } }) {
			md.append(row(side[1], fmt(median("console", s, "msgsPerSec" + side[0]), 0),
					fmt(median("console", s, "loopCpuUsPerMsg" + side[0]), 3),
					fmt(median("console", s, "cpuUsPerMsg" + side[0]), 3),
					fmt(median("console", s, "httpCpuUsPerMsg" + side[0]), 4),
					fmt(median("console", s, "consoleCpuUsPerMsg" + side[0]), 4),
					fmt(median("console", s, "p99Us" + side[0]), 0),
					fmt(median("console", s, "generatorCpuPct" + side[0]), 0)));
		}
		StringBuilder pairs = new StringBuilder();
		for (int i = 1; i <= ConsoleWorkload.PAIRS; i++) {
			pairs.append((i > 1) ? ", " : "").append(fmt(last(s, "loopCpuDiffPct" + i), 2));
		}
		md.append(String.format("%nDifference, open against none (median over rounds): loop CPU/msg %s %% (pairs of the"
				+ " last round: %s %%), process CPU/msg %s %%. The page made %s listings/s and got %s samples/s;"
				+ " one listing costs the quiet loop %s µs, so the listings alone should add %s %% to the loop's CPU"
				+ " per message. Console errors: %s; bytes lost: %s, bad reads: %s.%n%n",
				fmt(median("console", s, "loopCpuDiffPct"), 2), pairs,
				fmt(median("console", s, "cpuDiffPct"), 2), fmt(median("console", s, "listingsPerSec"), 2),
				fmt(median("console", s, "samplesPerSec"), 2), fmt(median("console", s, "quietListLoopCpuUs"), 0),
				fmt(median("console", s, "listingLoopPct"), 3), fmt(max("console", s, "consoleErrors"), 0),
				fmt(max("console", s, "lostBytes"), 0), fmt(max("console", s, "mismatches"), 0)));
	}

	/** A figure of the console workload's last round. */
	private double last(String server, String figure) {
		return this.samples.stream()
			.filter((sample) -> sample.workload().equals("console") && sample.server().equals(server))
			.reduce((a, b) -> b)
			.map((sample) -> sample.value(figure))
			.orElse(Double.NaN);
	}

	/** The open-loop half of the admin sessions, whose figures the admin targets are judged on. */
	private void openLoopTable(StringBuilder md) {
		String o = OpenLoopListing.PREFIX;
		md.append("## Admin listing at half load (open loop)\n\nThe same sessions, after the saturated windows below:"
				+ " 64 connections echo 64 B at a fixed rate, half of the session's closed-loop msgs/s alone, beside the"
				+ " idle ones (").append(this.options.idle())
			.append(" connections in all), alone and while `GET /api/v1/connections?limit=100` is read back to back,"
					+ " in six alternating windows. Message m is due at start + m / rate and goes to connection m mod 64;"
					+ " its latency runs from that intended send time to its last byte back, so a stall delays the"
					+ " messages due during it instead of holding them back (no coordinated omission). Each side's"
					+ " histograms are merged over its three windows. Listing CPU is the server's CPU listed less alone"
					+ " (the echo's rate is the same on both sides), per listing. The sender runs on the runner's core"
					+ " beside the lister: its lag (actual write minus intended time) is in the latency, and shown apart;"
					+ " \"from the write\" is the echo p99 timed from the actual write. The lister's threads run at nice "
					+ Lister.NICE + " there (it stands in for a client on another machine), the sender at the runner's"
					+ " own.\n\n"
					+ "| server | rate msgs/s | echo p50 µs alone | echo p99 µs alone | echo p50 µs listed |"
					+ " echo p99 µs listed | rise | from the write p99 µs alone / listed | listing p50 ms |"
					+ " listing p99 ms | listings | errors | CPU µs per listing | of which loop / HTTP µs |"
					+ " sender lag p99 µs alone / listed | sender lag max µs listed | rate kept listed |"
					+ " generator % / lister % of its core, listed |\n"
					+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String s : AdminWorkload.SESSIONS.keySet()) {
			if (Double.isNaN(median("admin", s, o + "echoP99RisePct"))) {
				continue;
			}
			double rate = median("admin", s, o + "rateMsgsPerSec");
			md.append(row(s, fmt(rate, 0), fmt(median("admin", s, o + "echoP50UsAlone"), 0),
					fmt(median("admin", s, o + "echoP99UsAlone"), 0), fmt(median("admin", s, o + "echoP50UsListed"), 0),
					fmt(median("admin", s, o + "echoP99UsListed"), 0),
					fmt(median("admin", s, o + "echoP99RisePct"), 1) + " %",
					fmt(median("admin", s, o + "serviceP99UsAlone"), 0) + " / "
							+ fmt(median("admin", s, o + "serviceP99UsListed"), 0),
					fmt(median("admin", s, o + "listP50Ms"), 2), fmt(median("admin", s, o + "listP99Ms"), 2),
					fmt(median("admin", s, o + "listings"), 0), fmt(max("admin", s, o + "listErrors"), 0),
					fmt(median("admin", s, o + "listCpuUs"), 0),
					fmt(median("admin", s, o + "listLoopCpuUs"), 0) + " / "
							+ fmt(median("admin", s, o + "listHttpCpuUs"), 0),
					fmt(median("admin", s, o + "lagP99UsAlone"), 0) + " / "
							+ fmt(median("admin", s, o + "lagP99UsListed"), 0),
					fmt(max("admin", s, o + "lagMaxUsListed"), 0),
					fmt(100 * median("admin", s, o + "sentPerSecListed") / rate, 1) + " %",
					fmt(median("admin", s, o + "runner.generatorCpuPctListed"), 0) + " / "
							+ fmt(median("admin", s, o + "runner.listerCpuPctListed"), 0)));
		}
		md.append(String.format("%nBytes lost (max over sessions and rounds): %s; bad reads: %s; failed connections:"
				+ " %s. The sender's timer slack: %s ns (1 when set; the default 50 µs would make it wake late); lister"
				+ " threads at nice %d: %s (fewest over the sessions).%n%n",
				fmt(maxOverSessions(o + "lostBytes"), 0), fmt(maxOverSessions(o + "mismatches"), 0),
				fmt(maxOverSessions(o + "failures"), 0), fmt(maxOverSessions(o + "senderTimerSlackNs"), 0), Lister.NICE,
				fmt(minOverSessions(o + "listerThreadsReniced"), 0)));
	}

	private double minOverSessions(String figure) {
		return this.samples.stream()
			.filter((s) -> s.workload().equals("admin"))
			.mapToDouble((s) -> s.value(figure))
			.filter((v) -> !Double.isNaN(v))
			.min()
			.orElse(Double.NaN);
	}

	private double maxOverSessions(String figure) {
		return AdminWorkload.SESSIONS.keySet()
			.stream()
			.mapToDouble((s) -> max("admin", s, figure))
			.filter((v) -> !Double.isNaN(v))
			.max()
			.orElse(Double.NaN);
	}

	static String row(String... cells) {
		return "| " + String.join(" | ", cells) + " |\n";
	}

	static String fmt(double value, int decimals) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

	static Set<String> workloadsOf(List<Sample> samples) {
		Set<String> names = new LinkedHashSet<>();
		samples.forEach((s) -> names.add(s.workload()));
		return names;
	}

	static double[] orZero(double... values) {
		return Arrays.stream(values).map((v) -> Double.isNaN(v) ? 0 : v).toArray();
	}

}
