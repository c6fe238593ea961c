package dev.epollgateway.admin;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.epollgateway.engine.nativeio.ProcThreads;
import dev.epollgateway.engine.nativeio.ThreadPriority;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service with {@code gateway.admin.worker-policy=idle}: the threads that serve requests on the API port
 * and on the Actuator port run under {@code SCHED_IDLE} as the kernel reports it ({@code /proc/self/task/<tid>/stat}
 * field 41), the event loop's thread keeps the normal policy.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "gateway.engine.host=127.0.0.1", "gateway.engine.port=0", "management.server.port=0",
				"gateway.admin.worker-policy=idle", "management.endpoints.web.exposure.include=health,servingthread",
				"gateway.security.viewer-password=" + GatewayClient.VIEWER_PASSWORD })
@Import(WorkerPriorityIntegrationTests.ServingThreadConfiguration.class)
class WorkerPolicyIdleIntegrationTests {

	private static final int SCHED_IDLE = 5;

	@LocalServerPort
	int apiPort;

	@LocalManagementPort
	int managementPort;

	@Test
	void httpThreadsOfBothPortsRunUnderSchedIdleAndTheLoopThreadDoesNot() {
		for (int i = 0; i < 3; i++) {
			assertServedIdle(GatewayClient.viewer(this.apiPort).get("/test/serving-thread"));
			assertServedIdle(GatewayClient.viewer(this.managementPort).get("/actuator/servingthread"));
		}
		assertThat(GatewayClient.viewer(this.apiPort).get("/api/v1/connections").status()).isEqualTo(200);
		Map<Integer, String> threads = ProcThreads.names();
		assertThat(threads).containsValue("epoll-loop-0");
		threads.forEach((tid, name) -> {
			if (name.startsWith("epoll-loop-")) {
				assertThat(ProcThreads.policy(tid)).as("policy of %s (tid %d)", name, tid).isZero();
			}
		});
		assertThat(ProcThreads.policy(ThreadPriority.currentThreadId())).as("the test's own thread").isZero();
	}

	private static void assertServedIdle(GatewayClient.Response response) {
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		int tid = response.json().path("tid").asInt();
		assertThat(ProcThreads.names().get(tid)).as("served by %s", response).startsWith("http-nio-");
		assertThat(response.json().path("policy").asInt()).as("%s", response).isEqualTo(SCHED_IDLE);
		assertThat(ProcThreads.policy(tid)).isEqualTo(SCHED_IDLE);
	}

}
