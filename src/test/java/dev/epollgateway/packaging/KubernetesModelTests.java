package dev.epollgateway.packaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import io.kubernetes.client.openapi.models.V1Deployment;

import static dev.epollgateway.packaging.RenderedChart.list;
import static dev.epollgateway.packaging.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The chart was never installed on a cluster; the closest check offline: every built-in object {@code helm template}
 * renders (with the defaults, and with every option on) deserialises strictly into the official Kubernetes Java
 * client's models, which refuse a field the API does not define and a missing required one. The custom resources
 * (ServiceMonitor, PrometheusRule) have no model there; {@code ChartTests} and {@code PrometheusRulesTests} check them.
 */
class KubernetesModelTests {

	private static final Path CHART = Path.of("helm", "epoll-gateway");

	private static final Path EVERY_OPTION = Path.of("src", "test", "resources", "helm", "every-option.yaml");

	static Stream<Arguments> renderings() {
		return Stream.of(Arguments.of(Named.of("defaults", UnaryOperator.<TemplateCommand>identity())),
				Arguments.of(Named.of("every option on", (UnaryOperator<TemplateCommand>) (template) -> template
					.withValuesFile(EVERY_OPTION))),
				Arguments.of(Named.of("every option on, an existing Secret and a ClusterIP echo Service",
						(UnaryOperator<TemplateCommand>) (template) -> template.withValuesFile(EVERY_OPTION)
							.set("security.existingSecret", "ops-credentials")
							.set("service.type", "ClusterIP")
							.set("autoscaling.enabled", false)
							.set("pdb.minAvailable", "null"))));
	}

	@ParameterizedTest
	@MethodSource("renderings")
	void everyBuiltInObjectDeserialisesStrictlyIntoItsModel(UnaryOperator<TemplateCommand> options) {
		RenderedChart chart = render(options);
		List<String> checked = new ArrayList<>();
		for (Map<String, Object> object : chart.objects()) {
			if (KubernetesModels.isCustomResource(object)) {
				continue;
			}
			Object model = KubernetesModels.check(object);
			assertThat(model).as(object.get("kind") + "/" + RenderedChart.name(object)).isNotNull();
			checked.add((String) object.get("kind"));
		}
		assertThat(checked).contains("Deployment", "Service", "ConfigMap", "ServiceAccount");
	}

	@Test
	void everyOptionOnRendersEveryKindTheChartHas() {
		RenderedChart chart = render((template) -> template.withValuesFile(EVERY_OPTION));
		assertThat(chart.objects()).extracting((object) -> object.get("kind"))
			.containsExactlyInAnyOrder("ServiceAccount", "Secret", "ConfigMap", "ConfigMap", "Service", "Service",
					"Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "ServiceMonitor",
					"PrometheusRule");
		V1Deployment deployment = (V1Deployment) KubernetesModels.check(chart.one("Deployment"));
		assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext()
			.getReadOnlyRootFilesystem()).isTrue();
		assertThat(deployment.getSpec().getTemplate().getSpec().getTolerations()).hasSize(1);
	}

	@Test
	void aMisspeltFieldFailsTheCheck() {
		Map<String, Object> deployment = copy(render(UnaryOperator.identity()).one("Deployment"));
		Map<String, Object> securityContext = map(list(deployment, "spec.template.spec.containers").get(0),
				"securityContext");
		securityContext.put("readOnlyRootFileSystem", securityContext.remove("readOnlyRootFilesystem"));
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesModels.check(deployment))
			.withMessageContaining("readOnlyRootFileSystem")
			.withMessageContaining("is not defined in the `V1SecurityContext` properties");
	}

	@Test
	void aMisplacedSecurityContextFieldFailsTheCheck() {
		Map<String, Object> deployment = copy(render(UnaryOperator.identity()).one("Deployment"));
		// readOnlyRootFilesystem belongs to a container's securityContext, not the pod's.
		map(deployment, "spec.template.spec.securityContext").put("readOnlyRootFilesystem", true);
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesModels.check(deployment))
			.withMessageContaining("readOnlyRootFilesystem")
			.withMessageContaining("is not defined in the `V1PodSecurityContext` properties");
	}

	@Test
	void aMissingRequiredFieldFailsTheCheck() {
		Map<String, Object> deployment = copy(render(UnaryOperator.identity()).one("Deployment"));
		list(deployment, "spec.template.spec.containers").get(0).remove("name");
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesModels.check(deployment))
			.withMessageContaining("The required field `name` is not found");
	}

	@Test
	void aKindTheClientDoesNotKnowFailsTheCheck() {
		Map<String, Object> object = new LinkedHashMap<>(Map.of("apiVersion", "apps/v1", "kind", "Deploymnet"));
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesModels.check(object))
			.withMessageContaining("No Kubernetes model for apps/v1 Deploymnet");
	}

	/** A deep copy of a rendered object, to spoil in one place. */
	private static Map<String, Object> copy(Map<String, Object> object) {
		Yaml yaml = new Yaml();
		return yaml.load(yaml.dump(object));
	}

	private static RenderedChart render(UnaryOperator<TemplateCommand> options) {
		TemplateCommand template = new Helm(CHART).template()
			.withName("gw")
			.withNamespace("edge")
			.withKubeVersion("1.32.0");
		return RenderedChart.parse(options.apply(template).call());
	}

}
