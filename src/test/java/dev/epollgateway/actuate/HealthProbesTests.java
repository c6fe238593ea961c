package dev.epollgateway.actuate;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import dev.epollgateway.admin.EchoClient;
import dev.epollgateway.admin.GatewayClient;
import dev.epollgateway.admin.GatewayTestSupport;
import dev.epollgateway.engine.EngineState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes, open without credentials: liveness is UP while the loops turn; readiness goes OUT_OF_SERVICE when
 * accepting is paused through the API (while open connections keep echoing) and comes back on resume.
 */
class HealthProbesTests extends GatewayTestSupport {

	@Test
	void livenessIsUpWhileTheLoopsTurn() {
		GatewayClient.Response liveness = probes().get("/actuator/health/liveness");
		assertThat(liveness.status()).as("%s", liveness).isEqualTo(200);
		assertThat(liveness.json().path("status").asString()).isEqualTo("UP");
		GatewayClient.Response detailed = actuator().get("/actuator/health/liveness");
		assertThat(detailed.json().path("components").path("epollEngine").path("status").asString())
			.as("%s", detailed)
			.isEqualTo("UP");
		assertThat(detailed.json().path("components").has("livenessState")).isTrue();
	}

	@Test
	void readinessGoesOutOfServiceOnPauseAndBackOnResume() throws IOException {
		try (EchoClient client = EchoClient.connect(echoPort())) {
			client.echoAndCheck(100);
			assertReadiness(200, "UP");
			try {
				GatewayClient.Response paused = operator().post("/api/v1/engine/pause", null);
				assertThat(paused.status()).as("%s", paused).isEqualTo(200);
				assertThat(paused.json().path("state").asString()).isEqualTo("PAUSED");
				assertThat(this.engine.state()).isEqualTo(EngineState.PAUSED);
				assertReadiness(503, "OUT_OF_SERVICE");
				GatewayClient.Response detailed = actuator().get("/actuator/health/readiness");
				assertThat(detailed.json().path("components").path("epollListener").path("status").asString())
					.as("%s", detailed)
					.isEqualTo("OUT_OF_SERVICE");
				assertThat(probes().get("/actuator/health/liveness").status()).as("a pause is not a fault")
					.isEqualTo(200);
				client.echoAndCheck(64 * 1024);
			}
			finally {
				GatewayClient.Response resumed = operator().post("/api/v1/engine/resume", null);
				assertThat(resumed.status()).as("%s", resumed).isEqualTo(200);
				assertThat(resumed.json().path("state").asString()).isEqualTo("RUNNING");
			}
			assertReadiness(200, "UP");
			client.echoAndCheck(100);
			try (EchoClient late = EchoClient.connect(echoPort())) {
				late.echoAndCheck(100);
			}
		}
	}

	private void assertReadiness(int status, String health) {
		GatewayClient.Response readiness = probes().get("/actuator/health/readiness");
		assertThat(readiness.status()).as("%s", readiness).isEqualTo(status);
		assertThat(readiness.json().path("status").asString()).isEqualTo(health);
	}

	private GatewayClient probes() {
		return GatewayClient.anonymous(this.managementPort);
	}

}
