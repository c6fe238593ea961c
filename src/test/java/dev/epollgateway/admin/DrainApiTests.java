package dev.epollgateway.admin;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A drain through the API: 202 at once, {@code GET /engine} shows it in progress, connected clients get EOF, and once
 * the engine has stopped every action that needs a running engine is a 409. Ends the engine, hence its own context.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DrainApiTests extends GatewayTestSupport {

	@Test
	void drainIsAcceptedShowsProgressAndLeavesAStoppedEngineThatRefusesActions() throws IOException {
		try (EchoClient client = EchoClient.connect(echoPort())) {
			client.echoAndCheck(1000);
			GatewayClient.Response drain = operator().post("/api/v1/engine/drain", "{\"timeoutMs\":30000}");
			assertThat(drain.status()).as("%s", drain).isEqualTo(202);
			assertThat(drain.json().path("state").asString()).isIn("DRAINING", "STOPPED");
			// The engine waits for this client to close after its FIN: the drain is visibly in progress.
			GatewayClient.Response during = viewer().get("/api/v1/engine");
			assertThat(during.json().path("state").asString()).as("%s", during).isEqualTo("DRAINING");
			assertThat(during.json().path("activeConnections").asInt()).isGreaterThanOrEqualTo(1);
			assertThat(during.json().path("drainDeadline").asString()).isNotBlank();
			GatewayClient.Response readiness = GatewayClient.anonymous(this.managementPort)
				.get("/actuator/health/readiness");
			assertThat(readiness.status()).as("%s", readiness).isEqualTo(503);
			assertThat(client.readOnce()).as("the drained client reads EOF").isEqualTo(-1);
		}
		await().until(() -> "STOPPED".equals(viewer().get("/api/v1/engine").json().path("state").asString()));
		GatewayClient.Response stopped = viewer().get("/api/v1/engine");
		assertThat(stopped.json().path("activeConnections").asInt()).isZero();
		assertThat(stopped.json().path("drainDeadline").isNull()).isTrue();

		for (String action : new String[] { "/api/v1/engine/pause", "/api/v1/engine/resume" }) {
			GatewayClient.Response refused = operator().post(action, null);
			assertThat(refused.status()).as("%s", refused).isEqualTo(409);
			assertThat(refused.json().path("code").asString()).isEqualTo("ENGINE_STATE_CONFLICT");
			assertThat(refused.json().path("engineState").asString()).isEqualTo("STOPPED");
		}
		GatewayClient.Response liveness = GatewayClient.anonymous(this.managementPort).get("/actuator/health/liveness");
		assertThat(liveness.status()).as("a stopped engine is a fault a restart cures: %s", liveness).isEqualTo(503);
	}

}
