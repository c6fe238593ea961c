package dev.epollgateway.bench;

import static dev.epollgateway.bench.Report.fmt;

/**
 * The targets of issue 5, each judged on the medians: met, not met, or not measured (with the reason).
 */
final class Targets {

	static final String METHOD = """
			## Method

			- Every server runs in its own JVM (same options for all), pinned with `taskset` to core 0; the runner and its
			  single-threaded java.nio load generator are pinned to core 1. Each round starts every server afresh, in an
			  order rotated by one each round, and runs ping-pong, bulk, memory, idle-base and idle (three windows of
			  each, alternating) and switch (for the gateway started in LEVEL) on it; the admin workload starts the
			  application jar.
			- Closed loop: a message is timed from the moment it may be sent to the moment its last byte is back; the
			  latency is recorded with HdrHistogram over the measured window only. Every echoed byte is compared with the
			  connection's sent stream: a differing read counts as a bad read; bytes sent and not back 10 s after the
			  generator stops sending are lost.
			- Server CPU: utime + stime of the server process (all its threads) from `/proc/<pid>/stat`, delta over the
			  measured window, in ticks of `getconf CLK_TCK`, divided by the messages echoed in that window.
			- Syscalls per message: deltas of the gateway's `EngineStatistics.syscalls().total()` over
			  `traffic().messages()` (reads that returned data) in the same window.
			- EDGE/ONESHOT target: with `s` the syscalls per message and `c` the CPU per message, a mode meets it when
			  `c_mode <= c_level * (1 + (s_mode - s_level) / s_level) * 1.05`, i.e. the extra CPU is no more than the extra
			  syscalls at the LEVEL mode's average cost per syscall (which includes its user-space work, so it is a
			  generous price for an EAGAIN read or a re-arm), with 5 % for noise.
			- Idle target: msgs/s with the idle connections at least 95 % of msgs/s without (the means of three
			  alternating windows each, so that a drift over the workload falls on both sides), and, because msgs/s can
			  be the generator's limit rather than the server's, the server's CPU per message at most 1/0.95 of what it
			  was without them (its capacity kept too).
			""";

	private final Report report;

	Targets(Report report) {
		this.report = report;
	}

	String markdown() {
		StringBuilder md = new StringBuilder("## Targets\n\n| target | result | figures |\n|---|---|---|\n");
		for (String workload : new String[] { "pingpong", "idle" }) {
			cpuLevelBelowPeers(md, workload);
		}
		for (String workload : new String[] { "pingpong", "idle" }) {
			for (String mode : new String[] { "gateway-edge", "gateway-oneshot" }) {
				extraCostIsSyscalls(md, workload, mode);
			}
		}
		idleCost(md);
		memory(md);
		switchTime(md);
		admin(md);
		return md.toString();
	}

	private void cpuLevelBelowPeers(StringBuilder md, String workload) {
		double level = this.report.median(workload, "gateway-level", "cpuUsPerMsg");
		double nio = this.report.median(workload, "nio", "cpuUsPerMsg");
		double netty = this.report.median(workload, "netty", "cpuUsPerMsg");
		String figures = String.format("CPU µs/msg: LEVEL %s, nio %s, netty %s", fmt(level, 2), fmt(nio, 2),
				fmt(netty, 2));
		md.append(Report.row(workload + ": LEVEL CPU/msg ≤ nio and ≤ netty",
				verdict(level, nio, netty, level <= nio && level <= netty), figures));
	}

	private void extraCostIsSyscalls(StringBuilder md, String workload, String mode) {
		double cLevel = this.report.median(workload, "gateway-level", "cpuUsPerMsg");
		double sLevel = this.report.median(workload, "gateway-level", "syscallsPerMsg");
		double c = this.report.median(workload, mode, "cpuUsPerMsg");
		double s = this.report.median(workload, mode, "syscallsPerMsg");
		double allowed = cLevel * (1 + (s - sLevel) / sLevel) * 1.05;
		String figures = String.format("CPU µs/msg %s vs LEVEL %s (allowed ≤ %s); syscalls/msg %s vs LEVEL %s",
				fmt(c, 2), fmt(cLevel, 2), fmt(allowed, 2), fmt(s, 2), fmt(sLevel, 2));
		md.append(Report.row(workload + ": " + mode.substring(8).toUpperCase() + " costs LEVEL + its extra syscalls only",
				verdict(c, cLevel, s, sLevel, c <= allowed), figures));
	}

	private void idleCost(StringBuilder md) {
		for (String server : new String[] { "gateway-level", "gateway-edge", "gateway-oneshot" }) {
			double ratio = this.report.median("idle", server, "throughputRatio");
			String figures = String.format(
					"%s msgs/s with 0 idle, %s with %d idle (%s %% kept); CPU/msg x%s; generator CPU %s %%",
					fmt(this.report.median("idle-base", server, "msgsPerSec"), 0),
					fmt(this.report.median("idle", server, "msgsPerSec"), 0), idle(), fmt(100 * ratio, 1),
					fmt(this.report.median("idle", server, "cpuRatio"), 3),
					fmt(this.report.median("idle", server, "generatorCpuPct"), 0));
			// msgs/s alone can be the generator's limit: the server's capacity (1 / CPU per message) must hold too
			double cpuRatio = this.report.median("idle", server, "cpuRatio");
			md.append(Report.row("idle: " + server + " keeps ≥ 95 % of throughput beside the idle connections",
					verdict(ratio, cpuRatio, ratio >= 0.95 && cpuRatio <= 1 / 0.95), figures));
		}
	}

	private void memory(StringBuilder md) {
		double level = this.report.median("memory", "gateway-level", "rssPerConn");
		String figures = String.format("resident B/idle conn: LEVEL %s, EDGE %s, ONESHOT %s, nio %s, netty %s", fmt(level, 0),
				fmt(this.report.median("memory", "gateway-edge", "rssPerConn"), 0),
				fmt(this.report.median("memory", "gateway-oneshot", "rssPerConn"), 0),
				fmt(this.report.median("memory", "nio", "rssPerConn"), 0),
				fmt(this.report.median("memory", "netty", "rssPerConn"), 0))
				+ String.format("; first opening, one-time growth included: LEVEL %s, nio %s, netty %s",
						fmt(this.report.median("memory", "gateway-level", "firstOpeningPerConn"), 0),
						fmt(this.report.median("memory", "nio", "firstOpeningPerConn"), 0),
						fmt(this.report.median("memory", "netty", "firstOpeningPerConn"), 0));
		md.append(Report.row("memory: ≤ 512 B resident per idle connection (gateway)", verdict(level, level <= 512),
				figures));
	}

	private void switchTime(StringBuilder md) {
		double slowest = this.report.max("switch", "gateway-level", "maxSwitchMs");
		double lost = this.report.max("switch", "gateway-level", "lostBytes");
		double bad = this.report.max("switch", "gateway-level", "mismatches");
		double failed = this.report.max("switch", "gateway-level", "failures");
		String figures = String.format("slowest switch %s ms over %d rounds; re-armed %s; lost %s B, bad reads %s,"
				+ " failed connections %s", fmt(slowest, 2), this.report.rounds("switch", "gateway-level"),
				fmt(this.report.median("switch", "gateway-level", "rearmed.EDGE"), 0), fmt(lost, 0), fmt(bad, 0),
				fmt(failed, 0));
		md.append(Report.row("switch: every switch of " + idle() + " connections < 50 ms, nothing lost",
				verdict(slowest, lost, slowest < 50 && lost == 0 && bad == 0 && failed == 0), figures));
	}

	private void admin(StringBuilder md) {
		double p99 = this.report.median("admin", "gateway-app", "listP99Ms");
		double rise = this.report.median("admin", "gateway-app", "echoP99RisePct");
		md.append(Report.row("admin: listing p99 < 20 ms at " + idle() + " connections", verdict(p99, p99 < 20),
				"listing p99 " + fmt(p99, 2) + " ms, p50 " + fmt(this.report.median("admin", "gateway-app", "listP50Ms"), 2)
						+ " ms"));
		md.append(Report.row("admin: echo p99 rises < 10 % while listed continuously", verdict(rise, rise < 10),
				"echo p99 " + fmt(this.report.median("admin", "gateway-app", "echoP99BaseUs"), 0) + " µs alone, "
						+ fmt(this.report.median("admin", "gateway-app", "echoP99ListedUs"), 0) + " µs listed ("
						+ fmt(rise, 1) + " %)"));
	}

	private int idle() {
		return this.report.idleCount();
	}

	private static String verdict(double a, boolean met) {
		return Double.isNaN(a) ? "not measured" : (met ? "**met**" : "**not met**");
	}

	private static String verdict(double a, double b, boolean met) {
		return Double.isNaN(b) ? "not measured" : verdict(a, met);
	}

	private static String verdict(double a, double b, double c, boolean met) {
		return Double.isNaN(c) ? "not measured" : verdict(a, b, met);
	}

	private static String verdict(double a, double b, double c, double d, boolean met) {
		return Double.isNaN(d) ? "not measured" : verdict(a, b, c, met);
	}

}
