package dev.epollgateway.admin;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.epollgateway.engine.ThreadScheduling;
import dev.epollgateway.engine.nativeio.ProcThreads;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service, its HTTP threads scheduled as a subclass configures them: the threads that serve requests on the
 * API port and on the Actuator port show the expected nice value and policy as the kernel reports them
 * ({@code /proc/self/task/<tid>/stat}), while the event loops' threads and the test's own thread keep nice 0 and the
 * normal policy. Each port answers with the id, nice value and policy of the thread that served the request
 * ({@link ServingThreadConfiguration}, which subclasses import).
 */
abstract class HttpThreadSchedulingTests {

	@LocalServerPort
	int apiPort;

	@LocalManagementPort
	int managementPort;

	/** The nice value the serving threads must run at. */
	abstract int expectedNice();

	/** The scheduling policy the serving threads must run under ({@code SCHED_OTHER} 0, {@code SCHED_IDLE} 5). */
	abstract int expectedPolicy();

	@Test
	void httpThreadsOfBothPortsRunAsConfiguredAndTheLoopThreadsDoNot() {
		for (int i = 0; i < 3; i++) {
			assertServedAsConfigured(GatewayClient.viewer(this.apiPort).get("/test/serving-thread"));
			assertServedAsConfigured(GatewayClient.viewer(this.managementPort).get("/actuator/servingthread"));
		}
		assertThat(GatewayClient.viewer(this.apiPort).get("/api/v1/connections").status()).isEqualTo(200);
		Map<Integer, String> threads = ProcThreads.names();
		assertThat(threads).containsValue("epoll-loop-0");
		threads.forEach((tid, name) -> {
			if (name.startsWith("epoll-loop-")) {
				assertThat(ProcThreads.nice(tid)).as("nice of %s (tid %d)", name, tid).isZero();
				assertThat(ProcThreads.policy(tid)).as("policy of %s (tid %d)", name, tid).isZero();
			}
		});
		int self = ThreadScheduling.currentThreadId();
		assertThat(ProcThreads.nice(self)).as("nice of the test's own thread").isZero();
		assertThat(ProcThreads.policy(self)).as("policy of the test's own thread").isZero();
	}

	private void assertServedAsConfigured(GatewayClient.Response response) {
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		int tid = response.json().path("tid").asInt();
		assertThat(ProcThreads.names().get(tid)).as("served by %s", response).startsWith("http-nio-");
		assertThat(response.json().path("nice").asInt()).as("%s", response).isEqualTo(expectedNice());
		assertThat(response.json().path("policy").asInt()).as("%s", response).isEqualTo(expectedPolicy());
		assertThat(ProcThreads.nice(tid)).isEqualTo(expectedNice());
		assertThat(ProcThreads.policy(tid)).isEqualTo(expectedPolicy());
	}

	static Map<String, Integer> servingThread() {
		int tid = ThreadScheduling.currentThreadId();
		return Map.of("tid", tid, "nice", ProcThreads.nice(tid), "policy", ProcThreads.policy(tid));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ServingThreadConfiguration {

		@Bean
		ServingThreadController servingThreadController() {
			return new ServingThreadController();
		}

		@Bean
		ServingThreadEndpoint servingThreadEndpoint() {
			return new ServingThreadEndpoint();
		}

	}

	@RestController
	static class ServingThreadController {

		@GetMapping("/test/serving-thread")
		Map<String, Integer> servingThread() {
			return HttpThreadSchedulingTests.servingThread();
		}

	}

	@Endpoint(id = "servingthread")
	static class ServingThreadEndpoint {

		@ReadOperation
		Map<String, Integer> servingThread() {
			return HttpThreadSchedulingTests.servingThread();
		}

	}

}
