package dev.epollgateway.bench;

import static dev.epollgateway.bench.Report.fmt;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The "Shared epoll" section of {@code results.md} (issue 13): per server the medians over the rounds of the
 * {@link SharedEpollWorkload}'s figures, the CPU per message of shared-epoll over loop-per-thread per trigger mode,
 * and {@code shared-epoll.png}: collisions and late hand-offs per 1,000 events by mode under shared epoll, beside the
 * CPU per message of both topologies by mode.
 * <p>
 * Threading: the runner's control thread, after a round.
 */
final class SharedEpollReport {

	static final List<String> MODES = List.of("level", "edge", "oneshot");

	private final Report report;

	SharedEpollReport(Report report) {
		this.report = report;
	}

	/** Whether any server ran the workload. */
	boolean measured() {
		return TopologyEchoServer.KINDS.stream().anyMatch((s) -> rounds(s) > 0);
	}

	int rounds(String server) {
		return this.report.rounds(SharedEpollWorkload.NAME, server);
	}

	/** The median of a figure over the rounds on one server. */
	double median(String server, String figure) {
		return this.report.median(SharedEpollWorkload.NAME, server, figure);
	}

	/** The largest value of a figure over the rounds on one server. */
	double max(String server, String figure) {
		return this.report.max(SharedEpollWorkload.NAME, server, figure);
	}

	static String shared(String mode) {
		return TopologyEchoServer.SHARED_PREFIX + mode;
	}

	static String loops(String mode) {
		return TopologyEchoServer.LOOPS_PREFIX + mode;
	}

	/** CPU per message of shared-epoll over loop-per-thread in one mode (medians). */
	double cpuRatio(String mode) {
		return median(shared(mode), "cpuUsPerMsg") / median(loops(mode), "cpuUsPerMsg");
	}

	void markdown(StringBuilder md) {
		if (!measured()) {
			return;
		}
		md.append("## Shared epoll (issue 13)\n\n").append(SharedEpollWorkload.ACTIVE)
			.append(" active connections x 64 B, 1 in flight, beside ").append(fmt(this.report.idleCount(), 0))
			.append(" idle ones, on ").append(TopologyEchoServer.THREADS)
			.append(" loop threads: `gateway-shared-*` all wait on one epoll instance (`gateway.engine.topology="
					+ "shared-epoll`), `gateway-loops4-*` each on its own (loop-per-thread, `SO_REUSEPORT`). All the"
					+ " server's threads share its one pinned core. One window per server and round; the ownership"
					+ " guard's counts are deltas of `EpollEngine.statistics().threads()` over the window, per 1,000"
					+ " ready events handed to the threads: collisions (handed a connection its owner was reading or"
					+ " writing), late hand-offs (its owner had done its I/O but not let it go), drained reads (a read"
					+ " pass whose first read found nothing), EPOLLONESHOT re-arms, and wakeups (`epoll_wait` returns,"
					+ " over the threads). Lost B, bad reads and failed connections: largest over the rounds.\n\n"
					+ "| server | msgs/s | CPU µs/msg | p99 µs | events/msg | collisions /1k ev | late hand-offs /1k ev"
					+ " | drained reads /1k ev | re-arms /1k ev | wakeups /1k ev | conns held | lost B | bad reads |"
					+ " failed conns | rounds |\n"
					+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String server : TopologyEchoServer.KINDS) {
			if (rounds(server) == 0) {
				continue;
			}
			md.append(Report.row(server, fmt(median(server, "msgsPerSec"), 0), fmt(median(server, "cpuUsPerMsg"), 2),
					fmt(median(server, "p99Us"), 0), fmt(median(server, "eventsPerMsg"), 3),
					fmt(median(server, "collisionsPerKEvents"), 2), fmt(median(server, "lateHandoffsPerKEvents"), 2),
					fmt(median(server, "drainedReadsPerKEvents"), 2), fmt(median(server, "rearmsPerKEvents"), 1),
					fmt(median(server, "wakeupsPerKEvents"), 1), fmt(median(server, "connsHeld"), 0),
					fmt(max(server, "lostBytes"), 0), fmt(max(server, "mismatches"), 0),
					fmt(max(server, "failures"), 0), String.valueOf(rounds(server))));
		}
		md.append("\nShared epoll over loop-per-thread, per mode (ratios of the medians; no target):\n\n"
				+ "| mode | CPU µs/msg shared | CPU µs/msg loop-per-thread | CPU ratio | p99 ratio | msgs/s ratio |\n"
				+ "|---|---:|---:|---:|---:|---:|\n");
		for (String mode : MODES) {
			md.append(Report.row(mode.toUpperCase(), fmt(median(shared(mode), "cpuUsPerMsg"), 2),
					fmt(median(loops(mode), "cpuUsPerMsg"), 2), fmt(cpuRatio(mode), 3),
					fmt(median(shared(mode), "p99Us") / median(loops(mode), "p99Us"), 3),
					fmt(median(shared(mode), "msgsPerSec") / median(loops(mode), "msgsPerSec"), 3)));
		}
		md.append('\n');
	}

	/**
	 * {@code shared-epoll.png}: on the left the collisions and late hand-offs per 1,000 events by mode under shared
	 * epoll, on the right the CPU per message by mode, shared epoll beside loop-per-thread (medians).
	 */
	void chart(Path file) throws IOException {
		if (!measured()) {
			return;
		}
		CategoryChart guard = chart("Shared epoll: the ownership guard per 1,000 events", "per 1,000 events");
		List<String> labels = MODES.stream().map(String::toUpperCase).toList();
		guard.addSeries("collisions", labels, medians(MODES.stream().map(SharedEpollReport::shared).toList(),
				"collisionsPerKEvents"));
		guard.addSeries("late hand-offs", labels, medians(MODES.stream().map(SharedEpollReport::shared).toList(),
				"lateHandoffsPerKEvents"));
		CategoryChart cpu = chart("Server CPU µs per echoed message, " + TopologyEchoServer.THREADS + " threads",
				"µs/msg");
		cpu.addSeries("shared-epoll", labels, medians(MODES.stream().map(SharedEpollReport::shared).toList(),
				"cpuUsPerMsg"));
		cpu.addSeries("loop-per-thread", labels, medians(MODES.stream().map(SharedEpollReport::loops).toList(),
				"cpuUsPerMsg"));
		String name = file.toString();
		BitmapEncoder.saveBitmap(List.of(guard, cpu), 1, 2, name.substring(0, name.length() - ".png".length()),
				BitmapEncoder.BitmapFormat.PNG);
	}

	private static CategoryChart chart(String title, String unit) {
		CategoryChart chart = new CategoryChartBuilder().width(560).height(420).title(title).yAxisTitle(unit).build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
		chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
		chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
		chart.getStyler().setYAxisDecimalPattern("#,##0.##");
		chart.getStyler().setLabelsVisible(true);
		chart.getStyler().setLabelsFont(chart.getStyler().getLabelsFont().deriveFont(10f));
		// the default white label vanishes on a bar too short to hold it (EDGE's collisions beside LEVEL's)
		chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
		chart.getStyler().setLabelsFontColor(Color.BLACK);
		return chart;
	}

	/** The medians of a figure on each server (a figure never measured is drawn as 0). */
	private List<Double> medians(List<String> servers, String figure) {
		List<Double> values = new ArrayList<>();
		for (String server : servers) {
			double value = median(server, figure);
			values.add(Double.isNaN(value) ? 0 : value);
		}
		return values;
	}

}
