package dev.epollgateway.bench;

import static dev.epollgateway.bench.Report.fmt;
import static dev.epollgateway.bench.Targets.verdict;

/**
 * The live backend switch of issue 11 in {@code results.md}: a table of the switches (medians over the rounds; the
 * refusal's words from the last round) and the target: select refused, epoll → poll → epoll moved every connection,
 * nothing lost.
 * <p>
 * Threading: the runner's control thread, after a round.
 */
final class BackendSwitchReport {

	private static final String W = BackendSwitchWorkload.WORKLOAD;

	private static final String S = BackendSwitchWorkload.SERVER;

	private final Report report;

	BackendSwitchReport(Report report) {
		this.report = report;
	}

	void markdown(StringBuilder md) {
		if (this.report.rounds(W, S) == 0) {
			return;
		}
		md.append("## Live readiness-backend switch\n\n").append(fmt(this.report.median(W, S, "connsHeld"), 0))
			.append(" connections (").append(ScalingWorkload.ACTIVE)
			.append(" of them echoing 64 B, 1 in flight, every byte checked), `gateway-level` started on epoll; switch"
					+ " time is the engine's own (slowest loop), wall time the SWITCH-BACKEND command around the"
					+ " future, per 10,000 the switch time scaled to 10,000 connections moved.\n\n"
					+ "| switch | result | median ms | max ms | median wall ms | connections moved | ms per 10,000 |\n"
					+ "|---|---|---:|---:|---:|---:|---:|\n");
		String previous = "epoll";
		for (String backend : BackendSwitchWorkload.STEPS) {
			boolean refused = this.report.max(W, S, "refused." + backend) > 0;
			md.append(Report.row(previous + " → " + backend, refused ? "refused" : "moved",
					fmt(this.report.median(W, S, "switchMs." + backend), 2),
					fmt(this.report.max(W, S, "switchMs." + backend), 2),
					fmt(this.report.median(W, S, "wallMs." + backend), 2),
					fmt(this.report.median(W, S, "moved." + backend), 0),
					fmt(this.report.median(W, S, "msPer10k." + backend), 2)));
			if (!refused) {
				previous = backend;
			}
		}
		md.append(String.format("%nRefusal of select: %s%n%nBytes lost (max over rounds): %s; bad reads: %s; failed"
				+ " connections: %s; echo during the switches: %s msgs/s.%n%n",
				this.report.lastNote(W, S, "refusal.select"), fmt(this.report.max(W, S, "lostBytes"), 0),
				fmt(this.report.max(W, S, "mismatches"), 0), fmt(this.report.max(W, S, "failures"), 0),
				fmt(this.report.median(W, S, "msgsPerSec"), 0)));
	}

	void target(StringBuilder md) {
		if (this.report.rounds(W, S) == 0) {
			return;
		}
		double held = this.report.median(W, S, "connsHeld");
		double lost = this.report.max(W, S, "lostBytes");
		double bad = this.report.max(W, S, "mismatches");
		double failed = this.report.max(W, S, "failures");
		boolean selectRefused = this.report.median(W, S, "refused.select") == 1;
		boolean allMoved = this.report.median(W, S, "moved.poll") >= held - 1
				&& this.report.median(W, S, "moved.epoll") >= held - 1;
		md.append(Report.row("backend-switch: epoll → poll → select refused → epoll under traffic, every connection"
				+ " moved, 0 bytes lost", verdict(lost, selectRefused && allMoved && lost == 0 && bad == 0
						&& failed == 0),
				String.format("%s connections; moved %s to poll, %s back to epoll; select refused: %s; ms per 10,000:"
						+ " %s to poll, %s to epoll; lost %s B, bad reads %s, failed %s", fmt(held, 0),
						fmt(this.report.median(W, S, "moved.poll"), 0), fmt(this.report.median(W, S, "moved.epoll"), 0),
						selectRefused ? "yes" : "no", fmt(this.report.median(W, S, "msPer10k.poll"), 2),
						fmt(this.report.median(W, S, "msPer10k.epoll"), 2), fmt(lost, 0), fmt(bad, 0), fmt(failed, 0))));
	}

}
