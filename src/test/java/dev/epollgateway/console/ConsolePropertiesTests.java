package dev.epollgateway.console;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.epollgateway.config.StartupFailures;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConsoleProperties}: one sample a second over fifteen minutes by default, and a bad value fails
 * the start naming the property.
 */
class ConsolePropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class, ValidationAutoConfiguration.class))
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultsKeepFifteenMinutesOfOneSecondSamples() {
		this.runner.run((context) -> {
			ConsoleProperties properties = context.getBean(ConsoleProperties.class);
			assertThat(properties.sampleInterval()).isEqualTo(Duration.ofSeconds(1));
			assertThat(properties.history()).isEqualTo(Duration.ofMinutes(15));
			assertThat(properties.capacity()).isEqualTo(900);
			assertThat(properties.maxStreamSubscribers()).isEqualTo(16);
		});
	}

	@Test
	void aSampleIntervalBelow100msFailsNamingTheProperty() {
		this.runner.withPropertyValues("gateway.console.sample-interval=10ms").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(StartupFailures.fullMessage(context.getStartupFailure()))
				.contains("gateway.console.sample-interval");
		});
	}

	@Test
	void aHistoryOfMoreThan100000SamplesFailsNamingTheProperty() {
		this.runner.withPropertyValues("gateway.console.sample-interval=100ms", "gateway.console.history=3h")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(StartupFailures.fullMessage(context.getStartupFailure()))
					.contains("gateway.console.history");
			});
	}

	@Test
	void tooManyStreamSubscribersFailNamingTheProperty() {
		this.runner.withPropertyValues("gateway.console.max-stream-subscribers=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(StartupFailures.fullMessage(context.getStartupFailure()))
				.contains("gateway.console", "maxStreamSubscribers");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ConsoleProperties.class)
	static class PropertiesConfiguration {

	}

}
