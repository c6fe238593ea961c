package dev.epollgateway.admin;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The whole service with {@code gateway.admin.worker-nice=7}: the threads that serve requests on both ports run at
 * nice 7 under the normal policy, the event loop's thread stays at 0.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "gateway.engine.host=127.0.0.1", "gateway.engine.port=0", "management.server.port=0",
				"gateway.admin.worker-nice=7", "management.endpoints.web.exposure.include=health,servingthread",
				"gateway.security.viewer-password=" + GatewayClient.VIEWER_PASSWORD })
@Import(HttpThreadSchedulingTests.ServingThreadConfiguration.class)
class WorkerPriorityIntegrationTests extends HttpThreadSchedulingTests {

	@Override
	int expectedNice() {
		return 7;
	}

	@Override
	int expectedPolicy() {
		return 0;
	}

}
