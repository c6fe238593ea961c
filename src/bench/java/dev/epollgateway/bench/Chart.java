package dev.epollgateway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The chart image: six bar charts of the medians, one series per server (a missing figure is drawn as 0).
 */
final class Chart {

	private static final List<String> SMALL = List.of("pingpong", "idle-base", "idle");

	/** The workloads the charts draw: without one of them measured, there is no chart to write. */
	static final List<String> WORKLOADS = List.of("pingpong", "idle-base", "idle", "bulk", "memory");

	private final Report report;

	Chart(Report report) {
		this.report = report;
	}

	void write(Path file) throws IOException {
		System.setProperty("java.awt.headless", "true");
		List<CategoryChart> charts = new ArrayList<>();
		charts.add(chart("Server CPU µs per echoed message", "µs", SMALL, "cpuUsPerMsg"));
		charts.add(chart("Messages per second", "msgs/s", SMALL, "msgsPerSec"));
		charts.add(chart("Echo latency p99", "µs", SMALL, "p99Us"));
		charts.add(chart("Bulk 16 KiB: server CPU µs per message", "µs", List.of("bulk"), "cpuUsPerMsg"));
		charts.add(chart("Bulk 16 KiB: messages per second", "msgs/s", List.of("bulk"), "msgsPerSec"));
		charts.add(chart("Resident bytes per idle connection", "bytes", List.of("memory"), "rssPerConn"));
		String name = file.toString();
		BitmapEncoder.saveBitmap(charts, 2, 3, name.substring(0, name.length() - ".png".length()),
				BitmapEncoder.BitmapFormat.PNG);
	}

	private CategoryChart chart(String title, String unit, List<String> workloads, String figure) {
		CategoryChart chart = new CategoryChartBuilder().width(560).height(400).title(title).yAxisTitle(unit).build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
		chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
		chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(10f));
		chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
		chart.getStyler().setYAxisDecimalPattern("#,##0.##");
		for (String server : this.report.servers()) {
			double[] values = new double[workloads.size()];
			for (int i = 0; i < values.length; i++) {
				values[i] = this.report.median(workloads.get(i), server, figure);
			}
			chart.addSeries(server, new ArrayList<>(workloads), toList(Report.orZero(values)));
		}
		return chart;
	}

	private static List<Double> toList(double[] values) {
		List<Double> list = new ArrayList<>(values.length);
		for (double v : values) {
			list.add(v);
		}
		return list;
	}

}
