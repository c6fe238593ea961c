package dev.epollgateway.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules ({@code helm/epoll-gateway/files/prometheus-rules.yaml}) checked by the real {@code promtool}:
 * {@code check rules} on the file and on the chart's PrometheusRule, and {@code test rules} with
 * {@code src/test/prometheus/prometheus-rules-tests.yaml}, where every alert has a case that fires and one that stays
 * silent.
 */
class PrometheusRulesTests {

	static final Path RULES = Path.of("helm", "epoll-gateway", "files", "prometheus-rules.yaml");

	private static final Path RULE_TESTS = Path.of("src", "test", "prometheus", "prometheus-rules-tests.yaml");

	@Test
	void rulesFilePassesPromtoolCheck() throws Exception {
		PrometheusTools.Result result = PrometheusTools.promtool(null, "check", "rules", RULES.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: " + alertNames().size() + " rules found");
	}

	@Test
	void everyAlertFiresAndStaysSilentInPromtoolsUnitTests() throws Exception {
		PrometheusTools.Result result = PrometheusTools.promtool(null, "test", "rules", RULE_TESTS.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
		Set<String> firing = new TreeSet<>();
		Set<String> silent = new TreeSet<>();
		for (Map<String, Object> test : list(yaml(RULE_TESTS), "tests")) {
			for (Map<String, Object> check : list(test, "alert_rule_test")) {
				List<?> expected = (List<?>) check.get("exp_alerts");
				((expected == null || expected.isEmpty()) ? silent : firing).add((String) check.get("alertname"));
			}
		}
		assertThat(firing).as("alerts with a case that fires").isEqualTo(alertNames());
		assertThat(silent).as("alerts with a case that stays silent").isEqualTo(alertNames());
	}

	@Test
	void everyAlertHasASummaryADescriptionAndARunbook() throws IOException {
		for (Map<String, Object> rule : rules()) {
			@SuppressWarnings("unchecked")
			Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
			assertThat(annotations).as((String) rule.get("alert")).containsKeys("summary", "description");
			assertThat((String) annotations.get("runbook_url")).as((String) rule.get("alert"))
				.isEqualTo("https://runbooks.example.com/epoll-gateway#"
						+ ((String) rule.get("alert")).toLowerCase(Locale.ROOT));
			assertThat(rule).containsKey("labels");
		}
	}

	@Test
	void chartsPrometheusRulePassesPromtoolCheck(@TempDir Path directory) throws Exception {
		String manifest = new Helm(Path.of("helm", "epoll-gateway")).template()
			.withName("gw")
			.withNamespace("edge")
			.set("metrics.prometheusRule.enabled", true)
			.set("metrics.prometheusRule.alertLabels.team", "platform")
			.call();
		Map<String, Object> rule = null;
		for (Object document : new Yaml().loadAll(manifest)) {
			if (document instanceof Map<?, ?> object && "PrometheusRule".equals(object.get("kind"))) {
				@SuppressWarnings("unchecked")
				Map<String, Object> found = (Map<String, Object>) object;
				rule = found;
			}
		}
		assertThat(rule).as("PrometheusRule in:\n" + manifest).isNotNull();
		Path file = directory.resolve("chart-rules.yaml");
		Files.writeString(file, new Yaml().dump(rule.get("spec")), StandardCharsets.UTF_8);
		PrometheusTools.Result result = PrometheusTools.promtool(null, "check", "rules", file.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: " + alertNames().size() + " rules found");
	}

	static List<Map<String, Object>> rules() throws IOException {
		return list(list(yaml(RULES), "groups").get(0), "rules");
	}

	private static Set<String> alertNames() throws IOException {
		Set<String> names = new TreeSet<>();
		for (Map<String, Object> rule : rules()) {
			names.add((String) rule.get("alert"));
		}
		assertThat(new HashSet<>(names)).hasSize(rules().size());
		return names;
	}

	static Map<String, Object> yaml(Path file) throws IOException {
		return new Yaml().load(Files.readString(file, StandardCharsets.UTF_8));
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Map<String, Object> map, String key) {
		return (List<Map<String, Object>>) map.get(key);
	}

}
