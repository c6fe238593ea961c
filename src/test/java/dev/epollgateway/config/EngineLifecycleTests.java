package dev.epollgateway.config;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.epollgateway.engine.EngineStartException;
import dev.epollgateway.engine.EngineState;
import dev.epollgateway.engine.BackendKind;
import dev.epollgateway.engine.EpollEngine;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EngineLifecycle}: binds on start (not on creation), echoes, drains on stop.
 */
class EngineLifecycleTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
		.withUserConfiguration(LifecycleConfiguration.class)
		.withPropertyValues("gateway.engine.host=127.0.0.1", "gateway.engine.port=0",
				"gateway.engine.drain-timeout=2s");

	@Test
	void creatingTheEngineBindsNothingUntilStart() {
		EngineProperties properties = new EngineProperties("127.0.0.1", 0, 16, 1, dev.epollgateway.engine.TriggerMode.LEVEL,
				10, 16, org.springframework.util.unit.DataSize.ofKilobytes(4),
				org.springframework.util.unit.DataSize.ofKilobytes(8), org.springframework.util.unit.DataSize.ofKilobytes(2),
				Duration.ZERO, Duration.ofSeconds(1), true, dev.epollgateway.engine.BackendKind.EPOLL,
				dev.epollgateway.engine.AcceptDistribution.REUSEPORT, dev.epollgateway.engine.Topology.LOOP_PER_THREAD);
		EpollEngine engine = new EngineConfiguration().epollEngine(properties);
		assertThat(engine.localAddress()).isNull();
		assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
	}

	@Test
	void startsEchoingWithTheContextAndDrainsWhenItCloses() throws Exception {
		this.runner.run((context) -> {
			EpollEngine engine = context.getBean(EpollEngine.class);
			assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
			int port = engine.localAddress().getPort();
			Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
			OutputStream out = client.getOutputStream();
			InputStream in = client.getInputStream();
			out.write("hello epoll".getBytes(StandardCharsets.US_ASCII));
			assertThat(new String(in.readNBytes(11), StandardCharsets.US_ASCII)).isEqualTo("hello epoll");
			out.write("in flight".getBytes(StandardCharsets.US_ASCII));
			context.close();
			assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
			// Bytes sent before the stop come back, then the FIN.
			assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("in flight");
			client.close();
			assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close());
		});
	}

	@Test
	void aPortInUseFailsTheStartNamingTheAddress() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.runner.withPropertyValues("gateway.engine.port=" + taken.getLocalPort()).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).cause()
					.isInstanceOf(EngineStartException.class)
					.hasMessage("Address 127.0.0.1:" + taken.getLocalPort() + " is already in use");
			});
		}
	}

	@Test
	void edgeOnPollFailsTheStartNamingBothSettings() {
		this.runner.withPropertyValues("gateway.engine.backend=poll", "gateway.engine.trigger-mode=edge")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).cause()
					.isInstanceOf(EngineStartException.class)
					.hasMessageContaining("gateway.engine.trigger-mode=edge")
					.hasMessageContaining("gateway.engine.backend=epoll")
					.hasMessageContaining("poll is level-triggered only");
			});
	}

	@Test
	void selectWithAnExplicitMaxConnectionsPastFdSetSizeFailsTheStartNamingBothProperties() {
		this.runner.withPropertyValues("gateway.engine.backend=select", "gateway.engine.max-connections=5000")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).cause()
					.isInstanceOf(EngineStartException.class)
					.hasMessageContaining("gateway.engine.backend=select")
					.hasMessageContaining("gateway.engine.max-connections=5000")
					.hasMessageContaining("FD_SETSIZE (1024)");
			});
	}

	@Test
	void selectWithTheDerivedMaxConnectionsStartsCappedAtWhatFdSetSizeAllows() {
		this.runner.withPropertyValues("gateway.engine.backend=select").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(EpollEngine.class).config().maxConnections())
				.isEqualTo(BackendKind.SELECT.maxConnections(1));
		});
	}

	@Test
	void selectWithinFdSetSizeStartsAndEchoes() {
		this.runner.withPropertyValues("gateway.engine.backend=select", "gateway.engine.max-connections=1000")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				EpollEngine engine = context.getBean(EpollEngine.class);
				try (Socket socket = new Socket(engine.localAddress().getAddress(), engine.localAddress().getPort())) {
					socket.setSoTimeout(5000);
					byte[] sent = "select says hello".getBytes(StandardCharsets.US_ASCII);
					socket.getOutputStream().write(sent);
					assertThat(socket.getInputStream().readNBytes(sent.length)).isEqualTo(sent);
				}
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(EngineProperties.class)
	@Import(EngineConfiguration.class)
	static class LifecycleConfiguration {

	}

}
