package dev.epollgateway.admin;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The whole service with {@code gateway.admin.worker-policy=idle}: the threads that serve requests on both ports run
 * under {@code SCHED_IDLE} with their nice value left at 0, the event loop's thread keeps the normal policy.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "gateway.engine.host=127.0.0.1", "gateway.engine.port=0", "management.server.port=0",
				"gateway.admin.worker-policy=idle", "management.endpoints.web.exposure.include=health,servingthread",
				"gateway.security.viewer-password=" + GatewayClient.VIEWER_PASSWORD })
@Import(HttpThreadSchedulingTests.ServingThreadConfiguration.class)
class WorkerPolicyIdleIntegrationTests extends HttpThreadSchedulingTests {

	private static final int SCHED_IDLE = 5;

	@Override
	int expectedNice() {
		return 0;
	}

	@Override
	int expectedPolicy() {
		return SCHED_IDLE;
	}

}
