package dev.epollgateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.epollgateway.EpollGatewayApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A misspelt {@code gateway.*} property fails the start of the real application, naming it, where it came from and
 * the property that was meant: from an {@code application.yml}, the environment and the command line.
 */
class UnknownPropertyCheckTests {

	@Test
	void aMisspeltPropertyOnTheCommandLineFailsTheStartNamingItAndTheClosestKnownOne() {
		SpringApplication application = application();
		assertThatExceptionOfType(UnknownPropertyException.class)
			.isThrownBy(() -> application.run("--gateway.engine.trigger-mod=edge"))
			.withMessageContaining("gateway.engine.trigger-mod (from the command line)")
			.withMessageContaining("did you mean gateway.engine.trigger-mode?");
	}

	@Test
	void aMisspeltPropertyInAnApplicationYmlFailsTheStartNamingTheFile(@TempDir Path directory) throws IOException {
		Path yml = directory.resolve("application.yml");
		Files.writeString(yml, "gateway:\n  admin:\n    worker-nic: 5\n  engine:\n    port: 0\n");
		SpringApplication application = application();
		application.setDefaultProperties(Map.of("spring.config.additional-location", "file:" + yml));
		assertThatExceptionOfType(UnknownPropertyException.class).isThrownBy(application::run)
			.withMessageContaining("gateway.admin.worker-nic (from Config resource")
			.withMessageContaining(yml.toString())
			.withMessageContaining("did you mean gateway.admin.worker-nice?")
			.satisfies((ex) -> assertThat(ex.problems()).hasSize(1));
	}

	@Test
	void aMisspeltEnvironmentVariableFailsTheStartSpeltTheEnvironmentsWay() {
		Map<String, Object> variables = new HashMap<>(System.getenv());
		variables.put("GATEWAY_ENGINE_TRIGGER_MOD", "edge");
		variables.put("GATEWAY_ENGINE_PORT", "0");
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		SpringApplication application = application();
		application.setEnvironment(environment);
		assertThatExceptionOfType(UnknownPropertyException.class).isThrownBy(application::run)
			.withMessageContaining("GATEWAY_ENGINE_TRIGGER_MOD (from the environment)")
			.withMessageContaining("did you mean GATEWAY_ENGINE_TRIGGER_MODE (gateway.engine.trigger-mode)?")
			.satisfies((ex) -> assertThat(ex.problems()).as("GATEWAY_ENGINE_PORT is known").hasSize(1));
	}

	@Test
	void everyUnknownPropertyIsNamedOnce() {
		SpringApplication application = application();
		assertThatExceptionOfType(UnknownPropertyException.class)
			.isThrownBy(() -> application.run("--gateway.engine.max-conections=5", "--gateway.securty.admin-password=x",
					"--gateway.engine.port=0"))
			.satisfies((ex) -> assertThat(ex.problems()).hasSize(2))
			.withMessageContaining("did you mean gateway.engine.max-connections?")
			.withMessageContaining("did you mean gateway.security.admin-password?");
	}

	@Test
	void theFailureReportNamesTheProblemAndWhatToDo() {
		UnknownPropertyException failure = new UnknownPropertyException(
				java.util.List.of("Unknown property gateway.x (from the command line)"));
		var analysis = new UnknownPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).isEqualTo("Unknown property gateway.x (from the command line)");
		assertThat(analysis.getAction()).contains("Configuration section");
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(EpollGatewayApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

}
