package dev.epollgateway.actuate;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.epollgateway.engine.EngineConfig;
import dev.epollgateway.engine.EpollEngine;
import dev.epollgateway.engine.TriggerMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The self-check gauges the alert rules use, on a real engine: liveness 1 and no interest-list mismatch while the
 * loops turn with connections registered, liveness 0 and the mismatches unknown (NaN) once the engine is stopped or
 * before it starts.
 */
class EngineChecksMeterBinderTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	@Test
	void runningEngineIsLiveAndItsInterestListsAgreeWithTheKernel() throws Exception {
		EpollEngine engine = new EpollEngine(EngineConfig.defaults()
			.withAddress("127.0.0.1", 0)
			.withLoops(2)
			.withTriggerMode(TriggerMode.ONESHOT));
		SimpleMeterRegistry registry = bind(engine);
		engine.start();
		List<Socket> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 6; i++) {
				clients.add(new Socket("127.0.0.1", engine.localAddress().getPort()));
			}
			await().until(() -> engine.activeConnections() == 6);
			assertThat(registry.get("gateway.engine.liveness").gauge().value()).isEqualTo(1);
			assertThat(registry.get("gateway.epoll.interest.mismatches").gauge().value()).isZero();
		}
		finally {
			for (Socket client : clients) {
				client.close();
			}
			engine.stop();
		}
		assertThat(registry.get("gateway.engine.liveness").gauge().value()).isZero();
		assertThat(registry.get("gateway.epoll.interest.mismatches").gauge().value()).isNaN();
	}

	@Test
	void engineNotStartedIsNotLive() {
		EpollEngine engine = new EpollEngine(EngineConfig.defaults().withAddress("127.0.0.1", 0));
		SimpleMeterRegistry registry = bind(engine);
		assertThat(registry.get("gateway.engine.liveness").gauge().value()).isZero();
		assertThat(registry.get("gateway.epoll.interest.mismatches").gauge().value()).isNaN();
	}

	private static SimpleMeterRegistry bind(EpollEngine engine) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new EngineChecksMeterBinder(engine, new EngineLivenessHealthIndicator(engine, TIMEOUT), TIMEOUT)
			.bindTo(registry);
		return registry;
	}

}
