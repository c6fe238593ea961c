package dev.epollgateway.bench;

import static dev.epollgateway.bench.Report.fmt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The "Readiness backends" section of {@code results.md} (issue 11): per server and idle count, the wait calls' cost
 * and the CPU per message (medians over the rounds), the least-squares lines through them, and {@code scaling.png}
 * (CPU per message against the idle count, one line per server).
 * <p>
 * Threading: the runner's control thread, after a round.
 */
final class ScalingReport {

	private final Report report;

	ScalingReport(Report report) {
		this.report = report;
	}

	/** Whether any scaling point was measured. */
	boolean measured() {
		return servers().stream().anyMatch((s) -> points(s) > 0);
	}

	/** The servers with at least one scaling point, in the run's order. */
	List<String> servers() {
		return this.report.servers().stream().filter((s) -> points(s) > 0).toList();
	}

	List<Integer> idleCounts() {
		return this.report.options().scalingIdle();
	}

	/** The median of a figure at the point of {@code idle} (as asked) idle connections. */
	double at(String server, int idle, String figure) {
		return this.report.median(ScalingWorkload.workload(idle), server, figure);
	}

	/** The least-squares line of a figure (times {@code scale}) against the idle connections held. */
	ScalingFit fit(String server, String figure, double scale) {
		return fit(server, (idle) -> at(server, idle, "idle"), figure, scale);
	}

	/**
	 * The least-squares line of the CPU per message (ns) against the fds watched per message: the fds every wait
	 * call watches (the connections held and the listener) times the calls per message. Its slope is the CPU each
	 * watched fd costs per call: about 0 for epoll, the scan's price for poll and select.
	 */
	ScalingFit perWatchedFd(String server) {
		return perWatchedFd(server, -1);
	}

	/** The same fit over every point but the one at {@code leftOut} idle connections: a prediction for that point. */
	ScalingFit perWatchedFd(String server, int leftOut) {
		return fit(server, (idle) -> (idle == leftOut) ? Double.NaN : watchedPerMessage(server, idle), "cpuUsPerMsg",
				1e3);
	}

	/** Fds watched per echoed message at a point: (connections held + the listener) x wait calls per message. */
	double watchedPerMessage(String server, int idle) {
		return (at(server, idle, "connsHeld") + 1) * at(server, idle, "waitCallsPerMsg");
	}

	private ScalingFit fit(String server, IntToDoubleFunction xAt, String figure, double scale) {
		List<Integer> counts = idleCounts();
		double[] x = new double[counts.size()];
		double[] y = new double[counts.size()];
		for (int i = 0; i < x.length; i++) {
			x[i] = xAt.applyAsDouble(counts.get(i));
			y[i] = at(server, counts.get(i), figure) * scale;
		}
		return ScalingFit.of(x, y);
	}

	void markdown(StringBuilder md) {
		if (!measured()) {
			return;
		}
		md.append("## Readiness backends\n\n").append(ScalingWorkload.ACTIVE)
			.append(" active connections x 64 B, 1 in flight, beside N idle ones, one server process per server and"
					+ " round, the points in turn on it (the idle connections opened before each window and reset"
					+ " after it). Fds per call are the entries the gateway hands the kernel per wait call (none for"
					+ " epoll, whose interest list lives in the kernel; every pollfd for poll; `nfds` for select), scanned"
					+ " per call those it walks in user space to find the ready ones; µs per call the time inside the"
					+ " call. The JDK's Selectors keep no such counts (n/a). CPU is the server process's utime + stime"
					+ " per echoed message. Select stops at ").append(ScalingWorkload.SELECT_MAX_IDLE)
			.append(" idle (`FD_SETSIZE`).\n\n| server | N idle | fds per call | scanned per call | µs per call |"
					+ " CPU µs per call | calls/msg | CPU µs/msg | user + sys µs | msgs/s | generator CPU % | rounds |\n"
					+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String server : servers()) {
			for (int idle : idleCounts()) {
				md.append(point(server, idle));
			}
		}
		md.append(fits()).append('\n');
		capped(md);
	}

	private String point(String server, int idle) {
		String n = fmt(idle, 0);
		if (!ScalingWorkload.fits(server, idle)) {
			return Report.row(server, n, "n/a (FD_SETSIZE)", "", "", "", "", "", "", "", "", "0");
		}
		return Report.row(server, n, fmt(at(server, idle, "fdsPerWaitCall"), 0),
				fmt(at(server, idle, "scannedPerWaitCall"), 0), fmt(at(server, idle, "usPerWaitCall"), 2),
				fmt(at(server, idle, "cpuUsPerWaitCall"), 2),
				fmt(at(server, idle, "waitCallsPerMsg"), 3), fmt(at(server, idle, "cpuUsPerMsg"), 3),
				fmt(at(server, idle, "userUsPerMsg"), 3) + " + " + fmt(at(server, idle, "sysUsPerMsg"), 3),
				fmt(at(server, idle, "msgsPerSec"), 0), fmt(at(server, idle, "generatorCpuPct"), 0),
				String.valueOf(this.report.rounds(ScalingWorkload.workload(idle), server)));
	}

	private String fits() {
		StringBuilder md = new StringBuilder("\nLeast-squares lines over each server's points (medians). ns per"
				+ " watched fd per call: the CPU per message against the fds watched per message ((connections held +"
				+ " the listener) x wait calls per message), so its slope is what one watched fd costs in one call"
				+ " (the targets use it); wall time: the time inside a wait call against the idle connections (it"
				+ " includes any time the call blocked for readiness); CPU per message against the idle connections,"
				+ " for every server (the JDK's Selectors keep no call counts).\n\n| server | ns per watched fd per"
				+ " call (CPU) | R² | wall ns per idle fd per call | R² | CPU ns/msg per idle connection | R² |"
				+ " points |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String server : servers()) {
			ScalingFit call = perWatchedFd(server);
			ScalingFit wall = fit(server, "usPerWaitCall", 1e3);
			ScalingFit cpu = fit(server, "cpuUsPerMsg", 1e3);
			md.append(Report.row(server, fmt(call.slope(), 3), fmt(call.r2(), 3), fmt(wall.slope(), 3),
					fmt(wall.r2(), 3), fmt(cpu.slope(), 5), fmt(cpu.r2(), 3), String.valueOf(cpu.points())));
		}
		return md.toString();
	}

	/** Notes the points where the open-file limit held fewer idle connections than asked. */
	private void capped(StringBuilder md) {
		for (String server : servers()) {
			for (int idle : idleCounts()) {
				double held = at(server, idle, "idle");
				if (!Double.isNaN(held) && held < idle) {
					md.append(String.format("%s: %s idle asked, %s opened (the open-file limit leaves room for no"
							+ " more).%n", server, fmt(idle, 0), fmt(held, 0)));
				}
			}
		}
		md.append('\n');
	}

	/** {@code scaling.png}: CPU per message against the idle connections, one line per server. */
	void chart(Path file) throws IOException {
		if (!measured()) {
			return;
		}
		XYChart chart = new XYChartBuilder().width(900)
			.height(560)
			.title("Server CPU µs per echoed message beside N idle connections (" + ScalingWorkload.ACTIVE
					+ " active)")
			.xAxisTitle("idle connections N")
			.yAxisTitle("CPU µs/msg")
			.build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
		chart.getStyler().setYAxisDecimalPattern("#,##0.##");
		for (String server : servers()) {
			List<Double> x = new ArrayList<>();
			List<Double> y = new ArrayList<>();
			for (int idle : idleCounts()) {
				double cpu = at(server, idle, "cpuUsPerMsg");
				if (!Double.isNaN(cpu)) {
					x.add(at(server, idle, "idle"));
					y.add(cpu);
				}
			}
			chart.addSeries(server, x, y);
		}
		String name = file.toString();
		BitmapEncoder.saveBitmap(chart, name.substring(0, name.length() - ".png".length()),
				BitmapEncoder.BitmapFormat.PNG);
	}

	private int points(String server) {
		return idleCounts().stream().mapToInt((idle) -> this.report.rounds(ScalingWorkload.workload(idle), server))
			.sum();
	}

}
