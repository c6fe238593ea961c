package dev.epollgateway.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

import static dev.epollgateway.packaging.RenderedChart.at;
import static dev.epollgateway.packaging.RenderedChart.byName;
import static dev.epollgateway.packaging.RenderedChart.list;
import static dev.epollgateway.packaging.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for the Helm chart in {@code helm/epoll-gateway}: {@code helm lint --strict}, and {@code helm template} with
 * the defaults and with the options turned on, asserting on the parsed objects. Runs the Helm library in-process
 * (helm-java), so no cluster and no helm binary are needed.
 */
class ChartTests {

	private static final Path CHART = Path.of("helm", "epoll-gateway");

	private static final String RELEASE = "gw";

	private static final String FULLNAME = "gw-epoll-gateway";

	private final Helm helm = new Helm(CHART);

	@Test
	void lintsCleanInStrictMode() {
		LintResult result = this.helm.lint().strict().call();
		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
		assertThat(result.getMessages()).noneMatch((message) -> message.contains("[WARNING]")
				|| message.contains("[ERROR]"));
	}

	@Test
	void everyValueIsDocumentedAndInTheSchema() throws IOException {
		String text = Files.readString(CHART.resolve("values.yaml"), StandardCharsets.UTF_8);
		Set<String> leaves = new TreeSet<>();
		collectLeaves("", new Yaml().load(text), leaves);
		Set<String> documented = new TreeSet<>();
		Matcher param = Pattern.compile("(?m)^\\s*## @param (\\S+) \\S").matcher(text);
		while (param.find()) {
			documented.add(param.group(1));
		}
		assertThat(documented).isEqualTo(leaves);
		Map<String, Object> schema = new Yaml()
			.load(Files.readString(CHART.resolve("values.schema.json"), StandardCharsets.UTF_8));
		for (String leaf : leaves) {
			String path = "properties." + leaf.replace(".", ".properties.");
			assertThat(at(schema, path)).as("schema of " + leaf).isNotNull();
		}
	}

	@SuppressWarnings("unchecked")
	private static void collectLeaves(String prefix, Object value, Set<String> leaves) {
		if (value instanceof Map<?, ?> map && !map.isEmpty()) {
			((Map<String, Object>) map).forEach((key, child) -> collectLeaves(prefix + key + ".", child, leaves));
		}
		else {
			leaves.add(prefix.substring(0, prefix.length() - 1));
		}
	}

	@Test
	void defaultsRenderTheCoreResourcesOnly() {
		RenderedChart chart = render();
		assertThat(chart.kindsAndNames()).containsExactlyInAnyOrder("ServiceAccount/" + FULLNAME,
				"Secret/" + FULLNAME, "ConfigMap/" + FULLNAME, "Service/" + FULLNAME, "Service/" + FULLNAME + "-admin",
				"Deployment/" + FULLNAME, "PodDisruptionBudget/" + FULLNAME);
	}

	@Test
	void configMapDefaultsMatchTheConfigurationTheImageShips() throws IOException {
		// What the image's JVM reads without the chart: the jar's defaults under the operator's ./application.yml.
		Map<String, Object> image = overlay(yaml(Path.of("src", "main", "resources", "application.yml")),
				yaml(Path.of("application.yml")));
		Map<String, Object> rendered = render().applicationYaml();
		assertThat(map(rendered, "gateway.engine")).isEqualTo(map(image, "gateway.engine"));
		assertThat(at(rendered, "gateway.admin.worker-nice")).isEqualTo(at(image, "gateway.admin.worker-nice"))
			.isEqualTo(10);
		assertThat(at(rendered, "gateway.admin.worker-policy")).isEqualTo(at(image, "gateway.admin.worker-policy"))
			.isEqualTo("normal");
		assertThat(map(rendered, "gateway.console")).isEqualTo(map(image, "gateway.console"));
		assertThat(at(rendered, "server.port")).isEqualTo(at(image, "server.port")).isEqualTo(8080);
		assertThat(at(rendered, "management.server.port")).isEqualTo(at(image, "management.server.port"))
			.isEqualTo(8081);
		assertThat(at(rendered, "management.endpoint.health.probes.enabled")).isEqualTo(true);
		// The probe paths are the application's health groups.
		assertThat(map(image, "management.endpoint.health.group")).containsKeys("liveness", "readiness");
	}

	private static Map<String, Object> yaml(Path file) throws IOException {
		if (!Files.exists(file)) {
			return Map.of();
		}
		Map<String, Object> map = new Yaml().load(Files.readString(file, StandardCharsets.UTF_8));
		return (map != null) ? map : Map.of();
	}

	/** The second map laid over the first, recursively, as Spring Boot layers its configuration files. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> overlay(Map<String, Object> base, Map<String, Object> top) {
		Map<String, Object> result = new LinkedHashMap<>(base);
		top.forEach((key, above) -> {
			Object below = result.get(key);
			result.put(key, (below instanceof Map && above instanceof Map)
					? overlay((Map<String, Object>) below, (Map<String, Object>) above) : above);
		});
		return result;
	}

	@Test
	void probesUseActuatorPathsOnTheManagementPortTheApplicationIsGiven() {
		RenderedChart chart = render((template) -> template.set("management.port", 9191).set("admin.port", 9090));
		Map<String, Object> container = chart.container();
		List<Map<String, Object>> ports = list(container, "ports");
		assertThat(byName(ports, "http-management").get("containerPort")).isEqualTo(9191);
		assertThat(byName(ports, "http-admin").get("containerPort")).isEqualTo(9090);
		assertThat(byName(ports, "echo").get("containerPort")).isEqualTo(7878);
		assertThat(at(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		assertThat(at(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
		assertThat(at(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
			assertThat(at(container, probe + ".httpGet.port")).as(probe).isEqualTo("http-management");
		}
		Map<String, Object> application = chart.applicationYaml();
		assertThat(at(application, "management.server.port")).isEqualTo(9191);
		assertThat(at(application, "server.port")).isEqualTo(9090);
		List<Map<String, Object>> adminPorts = list(chart.named("Service", FULLNAME + "-admin"), "spec.ports");
		assertThat(byName(adminPorts, "http-management").get("port")).isEqualTo(9191);
		assertThat(byName(adminPorts, "http-admin").get("port")).isEqualTo(9090);
	}

	@Test
	void podIsLockedDownWithAWritableTmp() {
		RenderedChart chart = render();
		Map<String, Object> pod = map(chart.one("Deployment"), "spec.template.spec");
		assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
		assertThat(at(pod, "securityContext.runAsUser")).isEqualTo(10001);
		assertThat(at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
		assertThat(at(pod, "automountServiceAccountToken")).isEqualTo(false);
		Map<String, Object> container = chart.container();
		assertThat(at(container, "securityContext.runAsNonRoot")).isEqualTo(true);
		assertThat(at(container, "securityContext.runAsUser")).isEqualTo(10001);
		assertThat(at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(at(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
		assertThat(at(container, "securityContext.privileged")).isEqualTo(false);
		assertThat(at(container, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));
		assertThat(at(container, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
		assertThat(at(container, "resources.requests.cpu")).isEqualTo("250m");
		assertThat(at(container, "resources.limits.memory")).isEqualTo("512Mi");
		List<Map<String, Object>> mounts = list(container, "volumeMounts");
		assertThat(byName(mounts, "tmp").get("mountPath")).isEqualTo("/tmp");
		assertThat(byName(mounts, "config").get("mountPath")).isEqualTo("/application/config");
		List<Map<String, Object>> volumes = list(pod, "volumes");
		assertThat(byName(volumes, "tmp")).containsKey("emptyDir");
		assertThat(at(byName(volumes, "config"), "configMap.name")).isEqualTo(FULLNAME);
	}

	@Test
	void stoppingPodGetsMoreTimeThanThePreStopPauseAndTheDrain() {
		Map<String, Object> deployment = render((template) -> template.set("engine.drainTimeout", "20s")
			.set("preStopSleepSeconds", 5)
			.set("terminationGracePeriodSeconds", 31)).one("Deployment");
		assertThat(at(deployment, "spec.template.spec.terminationGracePeriodSeconds")).isEqualTo(31);
		Map<String, Object> container = list(deployment, "spec.template.spec.containers").get(0);
		assertThat(at(container, "lifecycle.preStop.exec.command")).isEqualTo(List.of("sh", "-c", "sleep 5"));
	}

	@ParameterizedTest
	@CsvSource({ "10s, 5, 20", "20s, 5, 30", "2m, 0, 60", "15000ms, 5, 25" })
	void gracePeriodNotLongerThanPreStopAndDrainFailsTheRender(String drainTimeout, int preStop, int grace) {
		assertThatIllegalStateException()
			.isThrownBy(() -> render((template) -> template.set("engine.drainTimeout", drainTimeout)
				.set("preStopSleepSeconds", preStop)
				.set("terminationGracePeriodSeconds", grace)))
			.withMessageContaining("terminationGracePeriodSeconds (" + grace + ") must exceed");
	}

	@Test
	void configMapCarriesTheChosenEngineSettingsAndRollsThePods() {
		RenderedChart defaults = render();
		RenderedChart edge = render((template) -> template.set("engine.triggerMode", "edge")
			.set("engine.loops", 2)
			.set("engine.maxConnections", 5000)
			.set("engine.idleTimeout", "5m")
			.set("engine.drainTimeout", "15s")
			.set("engine.tcpNoDelay", false)
			.set("admin.workerPolicy", "idle"));
		Map<String, Object> engine = map(edge.applicationYaml(), "gateway.engine");
		assertThat(at(edge.applicationYaml(), "gateway.admin.worker-policy")).isEqualTo("idle");
		assertThat(engine).containsEntry("trigger-mode", "edge")
			.containsEntry("loops", 2)
			.containsEntry("max-connections", 5000)
			.containsEntry("idle-timeout", "5m")
			.containsEntry("drain-timeout", "15s")
			.containsEntry("tcp-no-delay", false);
		assertThat(map(defaults.applicationYaml(), "gateway.engine")).containsEntry("trigger-mode", "level")
			.as("unset, the gateway derives it from the pod's open-file limit")
			.doesNotContainKey("max-connections");
		assertThat(map(defaults.applicationYaml(), "gateway.security.lockout")).containsEntry("enabled", true)
			.containsEntry("max-failures", 20)
			.containsEntry("window", "1m");
		String checksum = "spec.template.metadata.annotations.checksum/config";
		assertThat(at(edge.one("Deployment"), checksum)).isNotNull()
			.isNotEqualTo(at(defaults.one("Deployment"), checksum));
	}

	@Test
	void backendReachesTheConfigMapAndOnlyTheThreeBackendsPassTheSchema() {
		assertThat(map(render().applicationYaml(), "gateway.engine")).containsEntry("backend", "epoll");
		for (String backend : List.of("poll", "select")) {
			RenderedChart chart = render((template) -> template.set("engine.backend", backend));
			assertThat(map(chart.applicationYaml(), "gateway.engine")).containsEntry("backend", backend);
		}
		assertThatIllegalStateException()
			.isThrownBy(() -> render((template) -> template.set("engine.backend", "kqueue")))
			.withMessageContaining("don't meet the specifications of the schema")
			.withMessageContaining("backend");
	}

	@Test
	void acceptDistributionReachesTheConfigMapAndOnlyTheThreeDistributionsPassTheSchema() {
		assertThat(map(render().applicationYaml(), "gateway.engine")).containsEntry("accept-distribution",
				"reuseport");
		for (String distribution : List.of("shared", "exclusive")) {
			RenderedChart chart = render((template) -> template.set("engine.acceptDistribution", distribution));
			assertThat(map(chart.applicationYaml(), "gateway.engine")).containsEntry("accept-distribution",
					distribution);
		}
		assertThatIllegalStateException()
			.isThrownBy(() -> render((template) -> template.set("engine.acceptDistribution", "roundrobin")))
			.withMessageContaining("don't meet the specifications of the schema")
			.withMessageContaining("acceptDistribution");
	}

	@Test
	void secretCarriesTheGivenPasswordsAndLeavesTheOthersToThePods() {
		RenderedChart chart = render((template) -> template.set("security.adminPassword", "s3cret-admin"));
		Map<String, Object> data = map(chart.one("Secret"), "data");
		assertThat(data.keySet()).containsExactlyInAnyOrder("viewer-username", "admin-password");
		assertThat(decode(data.get("admin-password"))).isEqualTo("s3cret-admin");
		assertThat(decode(data.get("viewer-username"))).isEqualTo("viewer");
		List<Map<String, Object>> env = list(chart.container(), "env");
		for (String user : List.of("viewer", "operator", "admin")) {
			String variable = "GATEWAY_SECURITY_" + user.toUpperCase(Locale.ROOT) + "_PASSWORD";
			assertThat(map(byName(env, variable), "valueFrom.secretKeyRef")).as(variable)
				.isEqualTo(Map.of("name", FULLNAME, "key", user + "-password", "optional", true));
		}
	}

	@Test
	void existingSecretReplacesTheChartSecret() {
		RenderedChart chart = render((template) -> template.set("security.existingSecret", "ops-credentials"));
		assertThat(chart.find("Secret")).isEmpty();
		Map<String, Object> ref = map(byName(list(chart.container(), "env"), "GATEWAY_SECURITY_ADMIN_PASSWORD"),
				"valueFrom.secretKeyRef");
		assertThat(ref).containsEntry("name", "ops-credentials").containsEntry("optional", true);
	}

	@Test
	void serviceMonitorAppearsOnlyWhenEnabled() {
		assertThat(render().find("ServiceMonitor")).isEmpty();
		RenderedChart chart = render((template) -> template.set("metrics.serviceMonitor.enabled", true)
			.set("metrics.serviceMonitor.labels.release", "prometheus")
			.set("security.viewerPassword", "scrape"));
		Map<String, Object> monitor = chart.one("ServiceMonitor");
		assertThat(at(monitor, "apiVersion")).isEqualTo("monitoring.coreos.com/v1");
		assertThat(at(monitor, "metadata.labels.release")).isEqualTo("prometheus");
		Map<String, Object> endpoint = list(monitor, "spec.endpoints").get(0);
		assertThat(endpoint).containsEntry("port", "http-management").containsEntry("path", "/actuator/prometheus");
		assertThat(at(endpoint, "basicAuth.password.key")).isEqualTo("viewer-password");
		Map<String, Object> selector = map(monitor, "spec.selector.matchLabels");
		Map<String, Object> adminLabels = map(chart.named("Service", FULLNAME + "-admin"), "metadata.labels");
		Map<String, Object> echoLabels = map(chart.named("Service", FULLNAME), "metadata.labels");
		assertThat(adminLabels).containsAllEntriesOf(selector);
		assertThat(echoLabels).doesNotContainEntry("app.kubernetes.io/component",
				selector.get("app.kubernetes.io/component"));
	}

	@Test
	void serviceMonitorWithoutAKnownViewerPasswordFailsTheRender() {
		assertThatIllegalStateException()
			.isThrownBy(() -> render((template) -> template.set("metrics.serviceMonitor.enabled", true)))
			.withMessageContaining("metrics.serviceMonitor.enabled needs security.viewerPassword");
		assertThat(render((template) -> template.set("metrics.serviceMonitor.enabled", true)
			.set("security.existingSecret", "ops-credentials")).one("ServiceMonitor")).isNotNull();
	}

	@Test
	void prometheusRuleAppearsOnlyWhenEnabledScopedToTheReleasesScrapeJob() throws IOException {
		assertThat(render().find("PrometheusRule")).isEmpty();
		RenderedChart chart = render((template) -> template.set("metrics.prometheusRule.enabled", true)
			.set("metrics.prometheusRule.labels.release", "prometheus")
			.set("metrics.prometheusRule.alertLabels.team", "platform")
			.set("metrics.prometheusRule.runbookBaseUrl", "https://wiki.example.org/gateway/"));
		Map<String, Object> rule = chart.one("PrometheusRule");
		assertThat(at(rule, "apiVersion")).isEqualTo("monitoring.coreos.com/v1");
		assertThat(at(rule, "metadata.labels.release")).isEqualTo("prometheus");
		List<Map<String, Object>> rules = list(list(rule, "spec.groups").get(0), "rules");
		Map<String, Object> file = yaml(CHART.resolve("files/prometheus-rules.yaml"));
		List<Map<String, Object>> fileRules = list(list(file, "groups").get(0), "rules");
		assertThat(rules).extracting((alert) -> alert.get("alert"))
			.containsExactlyElementsOf(fileRules.stream().map((alert) -> alert.get("alert")).toList());
		// The ServiceMonitor's targets get the admin Service's name as their job label.
		String scope = "job=\"" + FULLNAME + "-admin\",namespace=\"edge\"";
		for (Map<String, Object> alert : rules) {
			String name = (String) alert.get("alert");
			assertThat((String) alert.get("expr")).as(name).contains(scope).doesNotContain("job=\"epoll-gateway\"");
			assertThat(at(alert, "annotations.runbook_url"))
				.isEqualTo("https://wiki.example.org/gateway#" + name.toLowerCase(Locale.ROOT));
			assertThat(map(alert, "labels")).containsEntry("team", "platform").containsKey("severity");
			assertThat(map(alert, "annotations")).containsKeys("summary", "description");
		}
		assertThat(chart.named("Service", FULLNAME + "-admin")).isNotNull();
	}

	@Test
	void grafanaDashboardAppearsOnlyWhenEnabledWithTheSidecarsLabel() throws IOException {
		assertThat(render().all("ConfigMap")).hasSize(1);
		String dashboard = Files.readString(CHART.resolve("files/grafana-dashboard.json"), StandardCharsets.UTF_8);
		Map<String, Object> fromFile = new Yaml().load(dashboard);
		Map<String, Object> defaults = render((template) -> template.set("metrics.grafanaDashboard.enabled", true))
			.named("ConfigMap", FULLNAME + "-dashboard");
		assertThat(at(defaults, "metadata.labels.grafana_dashboard")).isEqualTo("1");
		assertThat(at(defaults, "metadata.namespace")).isEqualTo("edge");
		Map<String, Object> rendered = new Yaml().load((String) at(defaults, "data.epoll-gateway\\.json"));
		assertThat(rendered).isEqualTo(fromFile);
		assertThat(at(rendered, "uid")).isEqualTo("epoll-gateway");

		Map<String, Object> custom = render((template) -> template.set("metrics.grafanaDashboard.enabled", true)
			.set("metrics.grafanaDashboard.labelName", "example.com/dashboard")
			.set("metrics.grafanaDashboard.labelValue", "gateways")
			.set("metrics.grafanaDashboard.namespace", "monitoring")
			.set("metrics.grafanaDashboard.annotations.grafana_folder", "Edge"))
			.named("ConfigMap", FULLNAME + "-dashboard");
		assertThat(map(custom, "metadata.labels")).containsEntry("example.com/dashboard", "gateways")
			.doesNotContainKey("grafana_dashboard");
		assertThat(at(custom, "metadata.namespace")).isEqualTo("monitoring");
		assertThat(at(custom, "metadata.annotations.grafana_folder")).isEqualTo("Edge");
	}

	@ParameterizedTest
	@CsvSource({ "ecs", "logstash" })
	void structuredLogFormatReachesTheApplicationsConfiguration(String format) {
		assertThat(render().applicationYaml()).doesNotContainKey("logging");
		Map<String, Object> application = render((template) -> template.set("logging.structuredFormat", format))
			.applicationYaml();
		assertThat(at(application, "logging.structured.format.console")).isEqualTo(format);
	}

	@Test
	void echoServiceTypeIsConfigurableWhileAdminPortsStayInside() {
		RenderedChart chart = render((template) -> template.set("service.type", "LoadBalancer")
			.set("service.externalTrafficPolicy", "Local")
			.set("service.loadBalancerSourceRanges[0]", "10.0.0.0/8"));
		Map<String, Object> echo = chart.named("Service", FULLNAME);
		assertThat(at(echo, "spec.type")).isEqualTo("LoadBalancer");
		assertThat(at(echo, "spec.externalTrafficPolicy")).isEqualTo("Local");
		assertThat(at(echo, "spec.loadBalancerSourceRanges")).isEqualTo(List.of("10.0.0.0/8"));
		Map<String, Object> echoPort = list(echo, "spec.ports").get(0);
		assertThat(echoPort).containsEntry("port", 7878).containsEntry("targetPort", "echo")
			.containsEntry("protocol", "TCP");
		assertThat(at(chart.named("Service", FULLNAME + "-admin"), "spec.type")).isEqualTo("ClusterIP");
		assertThat(map(echo, "spec.selector"))
			.isEqualTo(map(chart.one("Deployment"), "spec.selector.matchLabels"));
	}

	@Test
	void autoscalerTakesOverTheReplicaCount() {
		RenderedChart chart = render((template) -> template.set("autoscaling.enabled", true)
			.set("autoscaling.maxReplicas", 8)
			.set("replicaCount", 3));
		Map<String, Object> hpa = chart.one("HorizontalPodAutoscaler");
		assertThat(at(hpa, "spec.scaleTargetRef.name")).isEqualTo(FULLNAME);
		assertThat(at(hpa, "spec.maxReplicas")).isEqualTo(8);
		assertThat(at(list(hpa, "spec.metrics").get(0), "resource.target.averageUtilization")).isEqualTo(70);
		assertThat(map(chart.one("Deployment"), "spec")).doesNotContainKey("replicas");
		assertThat(at(render((template) -> template.set("replicaCount", 3)).one("Deployment"), "spec.replicas"))
			.isEqualTo(3);
	}

	@Test
	void networkPolicyAdmitsAdminPortsOnlyFromListedPeers() {
		RenderedChart closed = render((template) -> template.set("networkPolicy.enabled", true));
		List<Map<String, Object>> closedRules = list(closed.one("NetworkPolicy"), "spec.ingress");
		assertThat(closedRules).hasSize(1);
		assertThat(list(closedRules.get(0), "ports")).extracting((port) -> port.get("port")).containsExactly("echo");
		assertThat(closedRules.get(0)).doesNotContainKey("from");

		RenderedChart open = render((template) -> template.set("networkPolicy.enabled", true)
			.set("networkPolicy.adminFrom[0].podSelector.matchLabels.role", "ops")
			.set("networkPolicy.managementFrom[0].namespaceSelector.matchLabels.name", "monitoring"));
		List<Map<String, Object>> rules = list(open.one("NetworkPolicy"), "spec.ingress");
		assertThat(rules).hasSize(3);
		assertThat(at(list(rules.get(1), "from").get(0), "podSelector.matchLabels.role")).isEqualTo("ops");
		assertThat(list(rules.get(1), "ports").get(0)).containsEntry("port", "http-admin");
		assertThat(list(rules.get(2), "ports").get(0)).containsEntry("port", "http-management");
	}

	@Test
	void podDisruptionBudgetKeepsPodsDuringVoluntaryDisruptions() {
		assertThat(at(render().one("PodDisruptionBudget"), "spec.maxUnavailable")).isEqualTo(1);
		Map<String, Object> pdb = render((template) -> template.set("pdb.minAvailable", 2)).one("PodDisruptionBudget");
		assertThat(map(pdb, "spec")).containsEntry("minAvailable", 2).doesNotContainKey("maxUnavailable");
		assertThat(render((template) -> template.set("pdb.create", false)).find("PodDisruptionBudget")).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "engine.triggerMode|sideways", "engine.port|-1", "engine.port|70000",
			"admin.port|0", "management.port|-8081", "engine.loops|0", "engine.drainTimeout|ten seconds",
			"engine.readBufferSize|64 kilobytes", "engine.tcpNoDelay|sometimes", "admin.workerNice|20",
			"admin.workerPolicy|lazy", "engine.tiggerMode|edge", "replicas|2",
			"service.type|ExternalName", "metrics.prometheusRule.enable|true",
			"metrics.prometheusRule.runbookBaseUrl|runbooks", "metrics.grafanaDashboard.label|dashboards",
			"metrics.grafanaDashboard.labelName|has space", "logging.structuredFormat|json", "logging.format|ecs" })
	void valuesOutsideTheSchemaFailTheRender(String key, String value) {
		Object typed = value.matches("-?[0-9]+") ? Integer.valueOf(value) : value;
		String property = key.substring(key.lastIndexOf('.') + 1);
		assertThatIllegalStateException().isThrownBy(() -> render((template) -> template.set(key, typed)))
			.withMessageContaining("don't meet the specifications of the schema")
			.withMessageContaining(property);
	}

	private static String decode(Object base64) {
		return new String(Base64.getDecoder().decode((String) base64), StandardCharsets.UTF_8);
	}

	private RenderedChart render() {
		return render(UnaryOperator.identity());
	}

	private RenderedChart render(UnaryOperator<TemplateCommand> options) {
		TemplateCommand template = this.helm.template()
			.withName(RELEASE)
			.withNamespace("edge")
			.withKubeVersion("1.32.0");
		return RenderedChart.parse(options.apply(template).call());
	}

}
