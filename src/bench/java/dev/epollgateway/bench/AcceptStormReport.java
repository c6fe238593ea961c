package dev.epollgateway.bench;

import static dev.epollgateway.bench.Report.fmt;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The "Accept storm" section of {@code results.md} (issue 13): per number of loops and accept distribution, the
 * medians over the rounds of the accept path's figures, and {@code accept-storm.png} (accept wakeups, and the loop
 * threads' voluntary context switches, per accepted connection against the loops, one line per distribution).
 * <p>
 * Threading: the runner's control thread, after a round.
 */
final class AcceptStormReport implements AcceptStormTargets.Figures {

	private static final Map<String, Color> COLOURS = Map.of("reuseport", new Color(0x1f77b4), "shared",
			new Color(0xd62728), "exclusive", new Color(0x2ca02c));

	private final Report report;

	AcceptStormReport(Report report) {
		this.report = report;
	}

	/** Whether any cell was measured. */
	boolean measured() {
		return AcceptStormWorkload.LOOPS.stream()
			.anyMatch((loops) -> AcceptStormWorkload.distributions().stream().anyMatch((d) -> rounds(d, loops) > 0));
	}

	@Override
	public double median(String distribution, int loops, String figure) {
		return this.report.median(AcceptStormWorkload.workload(loops), distribution, figure);
	}

	@Override
	public double max(String distribution, int loops, String figure) {
		return this.report.max(AcceptStormWorkload.workload(loops), distribution, figure);
	}

	int rounds(String distribution, int loops) {
		return this.report.rounds(AcceptStormWorkload.workload(loops), distribution);
	}

	void markdown(StringBuilder md) {
		if (!measured()) {
			return;
		}
		md.append("## Accept storm\n\nA fresh `gateway-level` process per cell with 1, 2, 4 or 8 loops sharing the port by")
			.append(" each accept distribution; ").append(this.report.options().stormConnectors())
			.append(" connectors on the generator's core connect, send one 64-byte message, check its echo byte for byte"
					+ " and close with an RST (`SO_LINGER 0`: no TIME_WAIT), back to back. Figures per accepted"
					+ " connection are deltas over the measured window, summed over the loops: wakeups are the"
					+ " listener readiness events the loops handled (`AcceptPath.wakeups`), EAGAIN the wakeups whose"
					+ " first `accept4` found nothing (`emptyWakeups`), accept4 every `accept4` call (a wakeup drains"
					+ " the queue until EAGAIN), epoll_wait every return of the loops' wait calls (data and closes"
					+ " included), and voluntary / involuntary the loop threads' context switches"
					+ " (`/proc/<pid>/task/<tid>/status` of the `epoll-loop-<i>` threads); voluntary cs/wakeup is the"
					+ " voluntary switches over the accept wakeups, a rough view per burst of connections (a loop that"
					+ " wakes once accepts every connection queued by then; data and closes add switches of their own);"
					+ " quietest loop cs/conn the voluntary switches of the loop that accepted the fewest connections, per"
					+ " connection accepted by all the loops: near 0 without a herd (a loop blocks for its own"
					+ " connections), near 1 when every loop is woken for every connection."
					+ " Share and Jain over the"
					+ " connections each loop accepted in the window. Latency: connect to the first echoed bytes."
					+ " Lost B, bad bytes and failed connections cover the whole cell (max over the rounds).\n\n"
					+ "| loops | distribution | conns/s | wakeups/conn | EAGAIN/conn | accept4/conn | epoll_wait/conn |"
					+ " voluntary cs/conn | involuntary cs/conn | voluntary cs/wakeup | quietest loop cs/conn |"
					+ " largest/smallest | Jain | p50 µs | p99 µs |"
					+ " CPU µs/conn | generator CPU % | lost B | bad bytes | failed | rounds |\n"
					+ "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (int loops : AcceptStormWorkload.LOOPS) {
			for (String d : AcceptStormWorkload.distributions()) {
				if (rounds(d, loops) == 0) {
					continue;
				}
				md.append(Report.row(String.valueOf(loops), d, fmt(median(d, loops, "connsPerSec"), 0),
						fmt(median(d, loops, "wakeupsPerAccepted"), 3),
						fmt(median(d, loops, "emptyWakeupsPerAccepted"), 3),
						fmt(median(d, loops, "accept4PerAccepted"), 3), fmt(median(d, loops, "epollWaitsPerAccepted"), 3),
						fmt(median(d, loops, "loopVoluntaryCsPerAccepted"), 3),
						fmt(median(d, loops, "loopInvoluntaryCsPerAccepted"), 3),
						fmt(median(d, loops, "loopVoluntaryCsPerWakeup"), 2),
						fmt(median(d, loops, "quietestLoopVoluntaryCsPerAccepted"), 3),
						fmt(median(d, loops, "largestOverSmallest"), 3), fmt(median(d, loops, "jainIndex"), 4),
						fmt(median(d, loops, "p50Us"), 0), fmt(median(d, loops, "p99Us"), 0),
						fmt(median(d, loops, "cpuUsPerAccepted"), 2), fmt(median(d, loops, "generatorCpuPct"), 0),
						fmt(max(d, loops, "lostBytes"), 0), fmt(max(d, loops, "mismatches"), 0),
						fmt(max(d, loops, "failures"), 0), String.valueOf(rounds(d, loops))));
			}
		}
		md.append('\n');
	}

	/**
	 * {@code accept-storm.png}: two charts side by side, accept wakeups and the loop threads' voluntary context
	 * switches per accepted connection against the loops, one line per distribution; on the first a dashed line where
	 * a full herd would be (every loop woken: as many wakeups as loops).
	 */
	void chart(Path file) throws IOException {
		if (!measured()) {
			return;
		}
		List<XYChart> charts = List.of(
				chart("Accept wakeups per accepted connection (loops' counter)", "wakeups/conn", "wakeupsPerAccepted",
						true),
				chart("Loop threads' voluntary context switches per accepted connection", "voluntary cs/conn",
						"loopVoluntaryCsPerAccepted", false));
		String name = file.toString();
		BitmapEncoder.saveBitmap(new ArrayList<>(charts), 1, 2, name.substring(0, name.length() - ".png".length()),
				BitmapEncoder.BitmapFormat.PNG);
	}

	private XYChart chart(String title, String unit, String figure, boolean herdLine) {
		XYChart chart = new XYChartBuilder().width(640).height(480).title(title).xAxisTitle("loops").yAxisTitle(unit)
			.build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
		chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
		chart.getStyler().setYAxisDecimalPattern("#,##0.##");
		chart.getStyler().setXAxisDecimalPattern("#");
		List<Double> loopsAxis = AcceptStormWorkload.LOOPS.stream().map(Integer::doubleValue).toList();
		if (herdLine) {
			XYSeries herd = chart.addSeries("every loop woken (= loops)", loopsAxis, loopsAxis);
			herd.setMarker(SeriesMarkers.NONE);
			herd.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
					new float[] { 6f, 4f }, 0f));
			herd.setLineColor(Color.GRAY);
		}
		for (String d : AcceptStormWorkload.distributions()) {
			List<Double> x = new ArrayList<>();
			List<Double> y = new ArrayList<>();
			for (int loops : AcceptStormWorkload.LOOPS) {
				double value = median(d, loops, figure);
				if (!Double.isNaN(value)) {
					x.add((double) loops);
					y.add(value);
				}
			}
			if (!x.isEmpty()) {
				// the same colour for a distribution on both charts, whether or not the herd line came first
				XYSeries series = chart.addSeries(d, x, y);
				series.setLineColor(COLOURS.get(d));
				series.setMarkerColor(COLOURS.get(d));
			}
		}
		return chart;
	}

}
