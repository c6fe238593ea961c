package dev.epollgateway.monitoring;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.epollgateway.admin.EchoClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chart's monitoring against the real thing: a Prometheus server (Debian's package) on loopback scrapes a running
 * gateway (the packaged jar) with the scrape configuration the chart's ServiceMonitor describes (its path, basic auth
 * as the Secret's viewer, the admin Service's name as the job, namespace and pod labels as the operator adds them),
 * and evaluates the chart's PrometheusRule, while the test holds connections open and echoes through them. Then:
 * {@code up} is 1, {@code gateway_connections_active} equals the connections held, Prometheus has every
 * {@code gateway_*} series the gateway exposes and {@code promtool check metrics} finds no fault in them, every rule
 * evaluates with health ok, every selector of the rules returns data, and every PromQL expression of the dashboard
 * (its panels, its mode-switch annotations and its variables) evaluates without error and returns data.
 */
class MonitoringIT {

	private static final String NAMESPACE = "edge";

	private static final String POD = "gw-epoll-gateway-7d4b9c6f5-x2x9q";

	private static final int HELD_CONNECTIONS = 7;

	/** The dashboard's range variable: several scrapes at the test's 1 s interval. */
	private static final String RATE_INTERVAL = "1m";

	/** A metric selector with its labels: {@code name{...}}. */
	private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\}");

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@Test
	void prometheusScrapesTheGatewayAsTheServiceMonitorSaysAndEveryDashboardAndRuleExpressionEvaluates()
			throws Exception {
		RenderedMonitoring chart = RenderedMonitoring.render(GatewayProcess.VIEWER_PASSWORD);
		Path gatewayDirectory = Files.createDirectories(this.directory.resolve("gateway"));
		Path prometheusDirectory = Files.createDirectories(this.directory.resolve("prometheus"));
		List<EchoClient> held = new ArrayList<>();
		try (GatewayProcess gateway = GatewayProcess.start(gatewayDirectory)) {
			for (int i = 0; i < HELD_CONNECTIONS; i++) {
				EchoClient client = EchoClient.connect(gateway.echoPort());
				held.add(client);
				client.echoAndCheck(4096);
			}
			Path rules = prometheusDirectory.resolve("rules.yaml");
			Files.writeString(rules, new Yaml().dump(chart.ruleSpec()), StandardCharsets.UTF_8);
			Path configuration = prometheusDirectory.resolve("prometheus.yml");
			Files.writeString(configuration, chart.scrapeConfiguration(gateway.managementPort(), NAMESPACE, POD, rules),
					StandardCharsets.UTF_8);
			try (PrometheusServer prometheus = PrometheusServer.start(prometheusDirectory, configuration)) {
				String job = chart.job();
				await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
						values(prometheus.result("up{job=\"" + job + "\"}"))).as(prometheus.log()).containsExactly(1.0));
				// A live switch once Prometheus has seen the counter, so the dashboard's annotation has one to show.
				assertThat(gateway.call("PUT", "/api/v1/engine/trigger-mode", "{\"mode\":\"edge\"}", "admin",
						GatewayProcess.ADMIN_PASSWORD).statusCode()).isEqualTo(200);
				for (int round = 0; round < 20; round++) {
					for (EchoClient client : held) {
						client.echoAndCheck(1000 + round);
					}
				}
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(values(prometheus.result("gateway_connections_active{job=\"" + job
							+ "\",namespace=\"" + NAMESPACE + "\",pod=\"" + POD + "\"}")))
						.containsExactly((double) HELD_CONNECTIONS));

				assertEveryExposedGatewaySeriesIsInPrometheus(gateway, prometheus, job);
				assertPromtoolFindsNoFaultInTheGatewaysMetrics(gateway);
				// Rates need a few samples in their window: wait until each expression has data, then check all.
				await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
					.untilAsserted(() -> assertEveryDashboardExpressionReturnsData(chart, prometheus));
				assertEveryRuleEvaluatesAndItsSelectorsReturnData(chart, prometheus);
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertEveryRuleIsHealthy(chart, prometheus));
			}
		}
		finally {
			for (EchoClient client : held) {
				client.close();
			}
		}
	}

	private static void assertEveryExposedGatewaySeriesIsInPrometheus(GatewayProcess gateway,
			PrometheusServer prometheus, String job) throws Exception {
		Set<String> exposed = new TreeSet<>();
		for (String line : scrape(gateway).split("\n")) {
			if (line.startsWith("gateway_")) {
				exposed.add(line.split("[{ ]", 2)[0]);
			}
		}
		assertThat(exposed).contains("gateway_connections_active", "gateway_engine_liveness",
				"gateway_epoll_interest_mismatches", "gateway_events_subscribers_dropped_total",
				"gateway_epoll_ready_events_bucket");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			Set<String> stored = new TreeSet<>();
			for (JsonNode series : prometheus
				.result("count by (__name__) ({__name__=~\"gateway_.+\",job=\"" + job + "\"})")) {
				stored.add(series.path("metric").path("__name__").asString());
			}
			assertThat(stored).isEqualTo(exposed);
		});
	}

	private static void assertPromtoolFindsNoFaultInTheGatewaysMetrics(GatewayProcess gateway) throws Exception {
		StringBuilder families = new StringBuilder();
		for (String line : scrape(gateway).split("\n")) {
			if (line.startsWith("gateway_") || line.startsWith("# HELP gateway_")
					|| line.startsWith("# TYPE gateway_")) {
				families.append(line).append('\n');
			}
		}
		PrometheusTools.Result result = PrometheusTools.promtool(families.toString(), "check", "metrics");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).isBlank();
	}

	private static void assertEveryDashboardExpressionReturnsData(RenderedMonitoring chart,
			PrometheusServer prometheus) throws Exception {
		Map<String, String> expressions = chart.dashboardExpressions();
		assertThat(expressions).hasSizeGreaterThan(25);
		List<String> empty = new ArrayList<>();
		for (Map.Entry<String, String> expression : expressions.entrySet()) {
			String promql = expression.getValue()
				.replace("$namespace", NAMESPACE)
				.replace("$pod", POD)
				.replace("$__rate_interval", RATE_INTERVAL);
			assertThat(promql).as(expression.getKey()).doesNotContain("$");
			if (prometheus.result(promql).isEmpty()) {
				empty.add(expression.getKey() + ": " + promql);
			}
		}
		assertThat(empty).as("dashboard expressions without data").isEmpty();
	}

	private static void assertEveryRuleEvaluatesAndItsSelectorsReturnData(RenderedMonitoring chart,
			PrometheusServer prometheus) throws Exception {
		for (Map<String, Object> rule : chart.rules()) {
			String name = (String) rule.get("alert");
			String expression = (String) rule.get("expr");
			assertThat(prometheus.query(expression).path("resultType").asString()).as(name).isEqualTo("vector");
			Matcher selector = SELECTOR.matcher(expression);
			int selectors = 0;
			while (selector.find()) {
				selectors++;
				assertThat(prometheus.result(selector.group())).as(name + ": " + selector.group()).isNotEmpty();
			}
			assertThat(selectors).as(name + " selects series").isPositive();
		}
	}

	private static void assertEveryRuleIsHealthy(RenderedMonitoring chart, PrometheusServer prometheus)
			throws Exception {
		Map<String, String> health = new LinkedHashMap<>();
		for (JsonNode group : prometheus.api("rules").path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				assertThat(rule.path("lastEvaluation").asString()).doesNotStartWith("0001");
				health.put(rule.path("name").asString(),
						rule.path("health").asString() + " " + rule.path("lastError").asString(""));
			}
		}
		Map<String, String> expected = new LinkedHashMap<>();
		for (Map<String, Object> rule : chart.rules()) {
			expected.put((String) rule.get("alert"), "ok ");
		}
		assertThat(health).isEqualTo(expected);
	}

	private static String scrape(GatewayProcess gateway) throws Exception {
		HttpResponse<String> response = gateway.get(URI.create(gateway.managementUrl() + "/actuator/prometheus"),
				"viewer", GatewayProcess.VIEWER_PASSWORD);
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static List<Double> values(JsonNode result) {
		List<Double> values = new ArrayList<>();
		for (JsonNode sample : result) {
			values.add(Double.valueOf(sample.path("value").get(1).asString()));
		}
		return values;
	}

	/**
	 * The chart rendered with its monitoring on: the ServiceMonitor (turned into a Prometheus scrape configuration),
	 * the Secret it reads the viewer from, the PrometheusRule and the dashboard ConfigMap.
	 */
	record RenderedMonitoring(Map<String, Object> serviceMonitor, Map<String, Object> secret,
			Map<String, Object> prometheusRule, Map<String, Object> dashboard, String job) {

		static RenderedMonitoring render(String viewerPassword) {
			String manifest = new Helm(Path.of("helm", "epoll-gateway")).template()
				.withName("gw")
				.withNamespace(NAMESPACE)
				.set("security.viewerPassword", viewerPassword)
				.set("metrics.serviceMonitor.enabled", true)
				.set("metrics.prometheusRule.enabled", true)
				.set("metrics.grafanaDashboard.enabled", true)
				.call();
			Map<String, Map<String, Object>> byKind = new LinkedHashMap<>();
			String job = null;
			for (Object document : new Yaml().loadAll(manifest)) {
				if (document instanceof Map<?, ?> map) {
					@SuppressWarnings("unchecked")
					Map<String, Object> object = (Map<String, Object>) map;
					String kind = (String) object.get("kind");
					String name = (String) at(object, "metadata.name");
					if ("Service".equals(kind) && "admin".equals(at(object, "metadata.labels.app.kubernetes.io/component"))) {
						// The Prometheus Operator names the job after the Service it found the endpoints through.
						job = name;
					}
					if (!"ConfigMap".equals(kind) || name.endsWith("-dashboard")) {
						byKind.put(kind, object);
					}
				}
			}
			return new RenderedMonitoring(byKind.get("ServiceMonitor"), byKind.get("Secret"),
					byKind.get("PrometheusRule"), byKind.get("ConfigMap"), job);
		}

		/** A prometheus.yml scraping the gateway as the ServiceMonitor's endpoint describes it. */
		@SuppressWarnings("unchecked")
		String scrapeConfiguration(int managementPort, String namespace, String pod, Path rules) {
			Map<String, Object> endpoint = ((List<Map<String, Object>>) at(this.serviceMonitor, "spec.endpoints"))
				.get(0);
			assertThat(endpoint.get("port")).isEqualTo("http-management");
			Map<String, Object> scrape = new LinkedHashMap<>();
			scrape.put("job_name", this.job);
			// The ServiceMonitor's 30 s would make the test slow; everything else is the ServiceMonitor's.
			scrape.put("scrape_interval", "1s");
			scrape.put("scrape_timeout", "1s");
			scrape.put("metrics_path", endpoint.get("path"));
			scrape.put("scheme", "http");
			scrape.put("basic_auth", Map.of("username", secretValue((Map<String, Object>) at(endpoint, "basicAuth.username")),
					"password", secretValue((Map<String, Object>) at(endpoint, "basicAuth.password"))));
			scrape.put("static_configs", List.of(Map.of("targets", List.of("127.0.0.1:" + managementPort), "labels",
					Map.of("namespace", namespace, "pod", pod, "service", this.job, "endpoint",
							endpoint.get("port")))));
			Map<String, Object> configuration = new LinkedHashMap<>();
			configuration.put("global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"));
			configuration.put("rule_files", List.of(rules.toString()));
			configuration.put("scrape_configs", List.of(scrape));
			return new Yaml().dump(configuration);
		}

		private String secretValue(Map<String, Object> keyRef) {
			assertThat(keyRef.get("name")).isEqualTo(at(this.secret, "metadata.name"));
			String encoded = (String) at(this.secret, "data." + keyRef.get("key"));
			assertThat(encoded).as("Secret key " + keyRef.get("key")).isNotNull();
			return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
		}

		Object ruleSpec() {
			return this.prometheusRule.get("spec");
		}

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> rules() {
			List<Map<String, Object>> rules = new ArrayList<>();
			for (Map<String, Object> group : (List<Map<String, Object>>) at(this.prometheusRule, "spec.groups")) {
				rules.addAll((List<Map<String, Object>>) group.get("rules"));
			}
			return rules;
		}

		/** Every PromQL expression of the dashboard, by where it is: panel targets, annotations, variables. */
		Map<String, String> dashboardExpressions() throws Exception {
			JsonNode dashboard = json.readTree((String) at(this.dashboard, "data.epoll-gateway.json"));
			Map<String, String> expressions = new LinkedHashMap<>();
			for (JsonNode panel : dashboard.path("panels")) {
				for (JsonNode target : panel.path("targets")) {
					expressions.put("panel '" + panel.path("title").asString() + "' " + target.path("refId").asString(),
							target.path("expr").asString());
				}
			}
			for (JsonNode annotation : dashboard.path("annotations").path("list")) {
				if (annotation.has("expr")) {
					expressions.put("annotation '" + annotation.path("name").asString() + "'",
							annotation.path("expr").asString());
				}
			}
			Pattern labelValues = Pattern.compile("label_values\\((.+), *([a-zA-Z_]+)\\)");
			for (JsonNode variable : dashboard.path("templating").path("list")) {
				if ("query".equals(variable.path("type").asString())) {
					Matcher query = labelValues.matcher(variable.path("query").path("query").asString());
					assertThat(query.matches()).as("variable " + variable.path("name").asString()).isTrue();
					// Grafana's label_values(selector, label): the label's values among the selector's series.
					expressions.put("variable " + variable.path("name").asString(),
							"count by (" + query.group(2) + ") (" + query.group(1) + ")");
				}
			}
			return expressions;
		}

		/** The value at a dotted path; a key with dots cannot be reached, a label key with slashes can. */
		@SuppressWarnings("unchecked")
		private static Object at(Object root, String path) {
			Object current = root;
			String rest = path;
			while (current instanceof Map<?, ?> map && !rest.isEmpty()) {
				Map<String, Object> object = (Map<String, Object>) map;
				if (object.containsKey(rest)) {
					return object.get(rest);
				}
				int dot = rest.indexOf('.');
				String key = (dot < 0) ? rest : rest.substring(0, dot);
				current = object.get(key);
				rest = (dot < 0) ? "" : rest.substring(dot + 1);
			}
			return rest.isEmpty() ? current : null;
		}

	}

}
