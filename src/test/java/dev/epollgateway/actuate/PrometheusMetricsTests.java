package dev.epollgateway.actuate;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.epollgateway.admin.EchoClient;
import dev.epollgateway.admin.GatewayClient;
import dev.epollgateway.admin.GatewayTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus} exposes the engine's meters under their dotted names, with values that move with real
 * traffic, and with no tag that could grow without bound (a connection id or an address).
 */
class PrometheusMetricsTests extends GatewayTestSupport {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

	/** Each with a handful of values; "port" (of a failed authentication) is the API's or Actuator's. */
	/** Labels with few values: {@code loop} is a loop's index (at most 64, fixed at start). */
	private static final Set<String> BOUNDED_LABELS = Set.of("application", "reason", "op", "result", "mode",
			"phase", "le", "port", "backend", "loop", "distribution", "topology");

	@Test
	void meterValuesMoveWithTraffic() throws IOException {
		Map<String, Double> before = scrape();
		assertThat(before).containsKeys("gateway_connections_active", "gateway_connections_opened_total",
				"gateway_connections_closed_total{reason=\"peer_closed\"}",
				"gateway_connections_rejected_total{reason=\"max_connections\"}", "gateway_io_read_bytes_total",
				"gateway_io_written_bytes_total", "gateway_io_eagain_total{op=\"read\"}",
				"gateway_io_eagain_total{op=\"write\"}", "gateway_epoll_wakeups_total{result=\"events\"}",
				"gateway_epoll_ready_events_count", "gateway_epoll_ready_events_sum", "gateway_epoll_rearms_total",
				"gateway_buffer_backlog_bytes", "gateway_engine_mode_switches_total",
				"gateway_engine_trigger_mode{mode=\"level\"}", "gateway_engine_backend_switches_total",
				"gateway_backend_wait_calls_total{backend=\"poll\"}",
				"gateway_backend_wait_entries_scanned_total{backend=\"select\"}",
				"gateway_backend_wait_ready_total{backend=\"epoll\"}",
				"gateway_backend_wait_time_seconds_total{backend=\"epoll\"}");
		try (EchoClient client = EchoClient.connect(echoPort())) {
			for (int i = 0; i < 10; i++) {
				client.echoAndCheck(10_000);
			}
			await().untilAsserted(() -> {
				Map<String, Double> during = scrape();
				assertThat(during.get("gateway_connections_active")).isGreaterThanOrEqualTo(1);
				assertThat(during.get("gateway_connections_opened_total"))
					.isGreaterThanOrEqualTo(before.get("gateway_connections_opened_total") + 1);
			});
		}
		await().untilAsserted(() -> {
			Map<String, Double> after = scrape();
			assertIncreasedBy(before, after, "gateway_io_read_bytes_total", 100_000);
			assertIncreasedBy(before, after, "gateway_io_written_bytes_total", 100_000);
			assertIncreasedBy(before, after, "gateway_connections_closed_total{reason=\"peer_closed\"}", 1);
			assertIncreasedBy(before, after, "gateway_epoll_wakeups_total{result=\"events\"}", 10);
			assertIncreasedBy(before, after, "gateway_epoll_ready_events_count", 10);
			assertIncreasedBy(before, after, "gateway_epoll_ready_events_sum", 10);
			assertIncreasedBy(before, after, "gateway_io_calls_total{op=\"read\"}", 10);
			assertIncreasedBy(before, after, "gateway_epoll_ctl_total{op=\"add\"}", 1);
			assertIncreasedBy(before, after, "gateway_backend_wait_calls_total{backend=\"epoll\"}", 10);
			assertIncreasedBy(before, after, "gateway_backend_wait_ready_total{backend=\"epoll\"}", 10);
			assertIncreasedBy(before, after, "gateway_backend_wait_entries_scanned_total{backend=\"epoll\"}", 10);
		});
		// epoll's interest list lives in the kernel: its wait calls hand it nothing.
		assertThat(scrape().get("gateway_backend_wait_fds_handed_total{backend=\"epoll\"}")).isZero();
		assertThat(scrape().get("gateway_engine_backend{backend=\"epoll\"}")).isEqualTo(1.0);
		assertThat(scrape().get("gateway_engine_backend{backend=\"poll\"}")).isEqualTo(0.0);
		assertThat(scrape().get("gateway_engine_trigger_mode{mode=\"level\"}")).isEqualTo(1.0);
		assertThat(scrape().get("gateway_engine_trigger_mode{mode=\"edge\"}")).isEqualTo(0.0);
	}

	@Test
	void noMeterIsTaggedByConnectionOrAddress() {
		Set<String> labels = new HashSet<>();
		for (String line : prometheusText().split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (sample.find() && sample.group(1).startsWith("gateway_") && sample.group(3) != null) {
				Matcher label = LABEL.matcher(sample.group(3));
				while (label.find()) {
					labels.add(label.group(1));
				}
			}
		}
		assertThat(labels).isNotEmpty().isSubsetOf(BOUNDED_LABELS);
	}

	@Test
	void metricsEndpointShowsTheDottedNames() {
		GatewayClient.Response names = actuator().get("/actuator/metrics");
		assertThat(names.json().path("names").valueStream().map((name) -> name.asString()).toList())
			.contains("gateway.connections.active", "gateway.connections.opened", "gateway.connections.closed",
					"gateway.io.read", "gateway.io.written", "gateway.io.eagain", "gateway.epoll.wakeups",
					"gateway.epoll.ready.events", "gateway.epoll.rearms", "gateway.buffer.backlog",
					"gateway.engine.mode.switches");
		GatewayClient.Response closed = actuator().get("/actuator/metrics/gateway.connections.closed");
		assertThat(closed.status()).as("%s", closed).isEqualTo(200);
		assertThat(closed.json().path("availableTags").get(0).path("tag").asString()).isEqualTo("reason");
	}

	private static void assertIncreasedBy(Map<String, Double> before, Map<String, Double> after, String key,
			double atLeast) {
		assertThat(after).containsKey(key);
		assertThat(after.get(key)).as(key).isGreaterThanOrEqualTo(before.getOrDefault(key, 0.0) + atLeast);
	}

	/** Every gateway sample, keyed by name and labels (without the application label). */
	private Map<String, Double> scrape() {
		Map<String, Double> samples = new HashMap<>();
		for (String line : prometheusText().split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (!sample.find() || !sample.group(1).startsWith("gateway_")) {
				continue;
			}
			String labels = (sample.group(3) != null)
					? sample.group(3).replaceAll("application=\"[^\"]*\",?", "").replaceAll(",$", "") : "";
			samples.put(sample.group(1) + (labels.isEmpty() ? "" : "{" + labels + "}"),
					Double.parseDouble(sample.group(4)));
		}
		return samples;
	}

	private String prometheusText() {
		GatewayClient.Response response = actuator().get("/actuator/prometheus");
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		return response.body();
	}

}
