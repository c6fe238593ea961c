package dev.epollgateway.admin;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.epollgateway.engine.nativeio.ProcThreads;
import dev.epollgateway.engine.nativeio.ThreadPriority;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service with {@code gateway.admin.worker-nice=7}: the threads that serve requests on the API port and on
 * the Actuator port run at nice 7 as the kernel reports it ({@code /proc/self/task/<tid>/stat}), the event loop's
 * thread stays at 0. Each port answers with the id and nice value of the thread that served the request.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "gateway.engine.host=127.0.0.1", "gateway.engine.port=0", "management.server.port=0",
				"gateway.admin.worker-nice=7", "management.endpoints.web.exposure.include=health,servingthread",
				"gateway.security.viewer-password=" + GatewayClient.VIEWER_PASSWORD })
class WorkerPriorityIntegrationTests {

	@LocalServerPort
	int apiPort;

	@LocalManagementPort
	int managementPort;

	@Test
	void httpThreadsOfBothPortsRunNicedAndTheLoopThreadDoesNot() {
		for (int i = 0; i < 3; i++) {
			GatewayClient.Response api = GatewayClient.viewer(this.apiPort).get("/test/serving-thread");
			assertThat(api.status()).as("%s", api).isEqualTo(200);
			assertServedNiced(api);
			GatewayClient.Response actuator = GatewayClient.viewer(this.managementPort).get("/actuator/servingthread");
			assertThat(actuator.status()).as("%s", actuator).isEqualTo(200);
			assertServedNiced(actuator);
		}
		assertThat(GatewayClient.viewer(this.apiPort).get("/api/v1/engine").status()).isEqualTo(200);
		Map<Integer, String> threads = ProcThreads.names();
		assertThat(threads).containsValue("epoll-loop-0");
		threads.forEach((tid, name) -> {
			if (name.startsWith("epoll-loop-")) {
				assertThat(ProcThreads.nice(tid)).as("nice of %s (tid %d)", name, tid).isZero();
			}
		});
		assertThat(ProcThreads.nice(ThreadPriority.currentThreadId())).as("the test's own thread").isZero();
	}

	private static void assertServedNiced(GatewayClient.Response response) {
		int tid = response.json().path("tid").asInt();
		assertThat(ProcThreads.names().get(tid)).as("served by %s", response).startsWith("http-nio-");
		assertThat(response.json().path("nice").asInt()).as("%s", response).isEqualTo(7);
		assertThat(ProcThreads.nice(tid)).isEqualTo(7);
		assertThat(response.json().path("policy").asInt()).as("%s", response).isZero();
	}

	static Map<String, Integer> servingThread() {
		int tid = ThreadPriority.currentThreadId();
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
			return WorkerPriorityIntegrationTests.servingThread();
		}

	}

	@Endpoint(id = "servingthread")
	static class ServingThreadEndpoint {

		@ReadOperation
		Map<String, Integer> servingThread() {
			return WorkerPriorityIntegrationTests.servingThread();
		}

	}

}
