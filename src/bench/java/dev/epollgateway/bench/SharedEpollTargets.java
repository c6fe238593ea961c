package dev.epollgateway.bench;

import static dev.epollgateway.bench.Report.fmt;
import static dev.epollgateway.bench.SharedEpollReport.shared;

import java.util.ArrayList;
import java.util.List;

/**
 * Issue 13's targets for the shared-epoll workload: under shared epoll ONESHOT has no collision in any round (one
 * owner between a delivery and its re-arm), LEVEL and EDGE show theirs (median above 0: the guard has work to do),
 * and no cell lost or mismatched a byte. The CPU ratios of shared over loop-per-thread are reported, not judged.
 * <p>
 * Threading: the runner's control thread, after a round.
 */
final class SharedEpollTargets {

	private final SharedEpollReport report;

	SharedEpollTargets(SharedEpollReport report) {
		this.report = report;
	}

	void markdown(StringBuilder md) {
		if (!this.report.measured()) {
			return;
		}
		String oneshot = shared("oneshot");
		double worst = this.report.max(oneshot, "shareCollisions");
		double events = this.report.median(oneshot, "events");
		md.append(Report.row("shared-epoll: ONESHOT has 0 collisions in every round", Targets.verdict(worst,
				worst == 0 && events > 0), String.format("collisions %s at most per window (%s per 1,000 events,"
						+ " median), over %s events per window (median); late hand-offs %s per 1,000 events",
						fmt(worst, 0), fmt(this.report.median(oneshot, "collisionsPerKEvents"), 2), fmt(events, 0),
						fmt(this.report.median(oneshot, "lateHandoffsPerKEvents"), 2))));
		for (String mode : new String[] { "level", "edge" }) {
			double collisions = this.report.median(shared(mode), "collisionsPerKEvents");
			md.append(Report.row("shared-epoll: " + mode.toUpperCase() + " shows collisions (> 0 per 1,000 events)",
					Targets.verdict(collisions, collisions > 0),
					String.format("%s collisions per 1,000 events (median; largest %s), %s collisions per window"
							+ " (median)", fmt(collisions, 2),
							fmt(this.report.max(shared(mode), "collisionsPerKEvents"), 2),
							fmt(this.report.median(shared(mode), "shareCollisions"), 0))));
		}
		noLoss(md);
	}

	private void noLoss(StringBuilder md) {
		List<String> missing = new ArrayList<>();
		double lost = 0;
		double bad = 0;
		double failed = 0;
		for (String server : TopologyEchoServer.KINDS) {
			if (this.report.rounds(server) == 0) {
				missing.add(server);
				continue;
			}
			lost = Math.max(lost, this.report.max(server, "lostBytes"));
			bad = Math.max(bad, this.report.max(server, "mismatches"));
			failed = Math.max(failed, this.report.max(server, "failures"));
		}
		boolean met = missing.isEmpty() && lost == 0 && bad == 0;
		md.append(Report.row("shared-epoll: 0 bytes lost or mismatched in every cell (6 servers x rounds)",
				met ? "**met**" : "**not met**",
				String.format("largest over the cells: %s B lost, %s bad reads, %s failed connections%s", fmt(lost, 0),
						fmt(bad, 0), fmt(failed, 0), missing.isEmpty() ? "" : "; not measured: " + missing)));
	}

}
