package dev.epollgateway.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.epollgateway.engine.AcceptDistribution;
import dev.epollgateway.engine.BackendKind;
import dev.epollgateway.engine.EngineConfig;
import dev.epollgateway.engine.OpenFileLimit;
import dev.epollgateway.engine.Topology;
import dev.epollgateway.engine.TriggerMode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EngineProperties}: defaults, binding, and a start that fails naming the bad property.
 */
class EnginePropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class, ValidationAutoConfiguration.class))
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultsAreTheChaptersEchoServerOnPort7878LevelTriggered() {
		this.runner.run((context) -> {
			EngineConfig config = context.getBean(EngineProperties.class).toEngineConfig();
			long allowed = OpenFileLimit.current().connectionsAllowed(1);
			assertThat(config).isEqualTo(EngineConfig.defaults().withMaxConnections((int) allowed));
			assertThat(config.port()).isEqualTo(7878);
			assertThat(config.triggerMode()).isEqualTo(TriggerMode.LEVEL);
			assertThat(config.tcpNoDelay()).isTrue();
		});
	}

	@Test
	void bindsRelaxedNamesSizesAndDurations() {
		this.runner
			.withPropertyValues("gateway.engine.trigger-mode=oneshot", "gateway.engine.loops=2",
					"gateway.engine.read-buffer-size=16KB", "gateway.engine.write-high-watermark=1MB",
					"gateway.engine.write-low-watermark=256KB", "gateway.engine.idle-timeout=90s",
					"gateway.engine.tcp-no-delay=false")
			.run((context) -> {
				EngineConfig config = context.getBean(EngineProperties.class).toEngineConfig();
				assertThat(config.triggerMode()).isEqualTo(TriggerMode.ONESHOT);
				assertThat(config.loops()).isEqualTo(2);
				assertThat(config.readBufferSize()).isEqualTo(16 * 1024);
				assertThat(config.writeHighWatermark()).isEqualTo(1024 * 1024);
				assertThat(config.writeLowWatermark()).isEqualTo(256 * 1024);
				assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
				assertThat(config.tcpNoDelay()).isFalse();
			});
	}

	@Test
	void bindsTheBackendEpollByDefault() {
		this.runner.run((context) -> assertThat(context.getBean(EngineProperties.class).toEngineConfig().backend())
			.isEqualTo(BackendKind.EPOLL));
		this.runner.withPropertyValues("gateway.engine.backend=select")
			.run((context) -> assertThat(context.getBean(EngineProperties.class).toEngineConfig().backend())
				.isEqualTo(BackendKind.SELECT));
	}

	@Test
	void anUnknownBackendFailsNamingTheProperty() {
		assertFailureNames("gateway.engine.backend=kqueue", "gateway.engine.backend");
	}

	@Test
	void bindsTheAcceptDistributionReuseportByDefault() {
		this.runner.run((context) -> assertThat(
				context.getBean(EngineProperties.class).toEngineConfig().acceptDistribution())
			.isEqualTo(AcceptDistribution.REUSEPORT));
		this.runner.withPropertyValues("gateway.engine.accept-distribution=exclusive")
			.run((context) -> assertThat(context.getBean(EngineProperties.class).toEngineConfig().acceptDistribution())
				.isEqualTo(AcceptDistribution.EXCLUSIVE));
	}

	@Test
	void theTopologyDefaultsToLoopPerThreadAndBindsSharedEpoll() {
		this.runner.run((context) -> assertThat(context.getBean(EngineProperties.class).toEngineConfig().topology())
			.isEqualTo(Topology.LOOP_PER_THREAD));
		this.runner.withPropertyValues("gateway.engine.topology=shared-epoll")
			.run((context) -> assertThat(context.getBean(EngineProperties.class).toEngineConfig().topology())
				.isEqualTo(Topology.SHARED_EPOLL));
	}

	@Test
	void anUnknownTopologyFailsNamingTheProperty() {
		assertFailureNames("gateway.engine.topology=one-big-loop", "gateway.engine.topology");
	}

	@Test
	void anUnknownAcceptDistributionFailsNamingTheProperty() {
		assertFailureNames("gateway.engine.accept-distribution=roundrobin", "gateway.engine.accept-distribution");
	}

	@Test
	void anUnknownTriggerModeFailsNamingTheProperty() {
		assertFailureNames("gateway.engine.trigger-mode=sideways", "gateway.engine.trigger-mode");
	}

	@Test
	void aPortOutOfRangeFailsNamingTheProperty() {
		assertFailureNames("gateway.engine.port=70000", "port");
	}

	@Test
	void zeroLoopsFailNamingTheProperty() {
		assertFailureNames("gateway.engine.loops=0", "loops");
	}

	@Test
	void aLowWatermarkAboveTheHighOneFailsNamingTheProperty() {
		assertFailureNames("gateway.engine.write-low-watermark=1MB", "gateway.engine.write-low-watermark");
	}

	@Test
	void aNegativeIdleTimeoutFailsNamingTheProperty() {
		assertFailureNames("gateway.engine.idle-timeout=-5s", "gateway.engine.idle-timeout");
	}

	@Test
	void unsetMaxConnectionsIsTheOpenFileLimitLessTheReserve() {
		this.runner.withPropertyValues("gateway.engine.loops=3").run((context) -> {
			EngineProperties properties = context.getBean(EngineProperties.class);
			OpenFileLimit files = OpenFileLimit.current();
			assertThat(properties.toEngineConfig().maxConnections())
				.isEqualTo(files.soft() - OpenFileLimit.PROCESS_RESERVE - 3 * OpenFileLimit.PER_LOOP_RESERVE);
			assertThat(properties.connectionLimit().origin()).contains("derived from the open-file limit")
				.contains(String.valueOf(files.soft()))
				.contains("reserve of " + OpenFileLimit.reserve(3));
		});
	}

	@Test
	void anExplicitMaxConnectionsIsKeptAndItsOriginSaysSo() {
		this.runner.withPropertyValues("gateway.engine.max-connections=5000").run((context) -> {
			EngineProperties properties = context.getBean(EngineProperties.class);
			assertThat(properties.toEngineConfig().maxConnections()).isEqualTo(5000);
			assertThat(properties.connectionLimit().origin()).startsWith("gateway.engine.max-connections=5000");
		});
	}

	@Test
	void maxConnectionsAboveTheOpenFileLimitFailsNamingBoth() {
		long soft = OpenFileLimit.current().soft();
		assertFailureNames("gateway.engine.max-connections=" + (soft + 1),
				"gateway.engine.max-connections (" + (soft + 1) + ") is above the open-file limit (RLIMIT_NOFILE,"
						+ " ulimit -n) of " + soft);
	}

	private void assertFailureNames(String property, String name) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(StartupFailures.fullMessage(context.getStartupFailure())).contains(name);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(EngineProperties.class)
	static class PropertiesConfiguration {

	}

}
