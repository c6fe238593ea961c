package dev.epollgateway.admin;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live accept-distribution switch through the API on four loops: only an admin may switch; the answer, the
 * engine view, the epoll endpoint and the Prometheus meters agree; an unknown value is a 400 problem; the engine
 * keeps echoing through every switch and is left as it started.
 */
@TestPropertySource(properties = "gateway.engine.loops=4")
class AcceptDistributionApiTests extends GatewayTestSupport {

	@Test
	void anAdminSwitchShowsInTheAnswerTheEngineTheEpollEndpointAndTheMeters() throws IOException {
		try (EchoClient before = EchoClient.connect(echoPort())) {
			before.echoAndCheck(100);
			try {
				GatewayClient.Response shared = admin().put("/api/v1/engine/accept-distribution",
						"{\"distribution\":\"Shared\"}");
				assertThat(shared.status()).as("%s", shared).isEqualTo(200);
				assertThat(shared.json().path("previous").asString()).isEqualTo("REUSEPORT");
				assertThat(shared.json().path("current").asString()).isEqualTo("SHARED");
				assertThat(shared.json().path("loops").asInt()).isEqualTo(4);
				assertThat(shared.json().path("effective").asBoolean()).isTrue();
				assertThat(shared.json().path("switchMicros").asLong()).isNotNegative();

				assertThat(viewer().get("/api/v1/engine").json().path("acceptDistribution").asString())
					.isEqualTo("SHARED");
				for (int i = 0; i < 8; i++) {
					try (EchoClient client = EchoClient.connect(echoPort())) {
						client.echoAndCheck(1000 + i);
					}
				}
				before.echoAndCheck(100);
				JsonNode path = actuator().get("/actuator/epoll").json().path("acceptPath");
				assertThat(path.path("distribution").asString()).isEqualTo("SHARED");
				assertThat(path.path("effective").asBoolean()).isTrue();
				assertThat(path.path("perLoop").size()).isEqualTo(4);
				assertThat(path.path("accepted").asLong()).isGreaterThanOrEqualTo(9);
				assertThat(path.path("fairness").asDouble()).isBetween(0.25, 1.0);
				String metrics = actuator().get("/actuator/prometheus").body();
				assertThat(metrics).contains("gateway_accept_wakeups_total{loop=\"3\"}")
					.contains("gateway_accept_accepted_total{loop=\"0\"}")
					.contains("gateway_accept_empty_wakeups_total{loop=\"1\"}")
					.contains("gateway_accept_connections{loop=\"2\"}")
					.contains("gateway_accept_fairness ")
					.contains("gateway_engine_accept_distribution{distribution=\"shared\"} 1.0");
			}
			finally {
				GatewayClient.Response back = admin().put("/api/v1/engine/accept-distribution",
						"{\"distribution\":\"reuseport\"}");
				assertThat(back.status()).as("%s", back).isEqualTo(200);
				assertThat(back.json().path("previous").asString()).isEqualTo("SHARED");
			}
			before.echoAndCheck(100);
		}
	}

	@Test
	void onlyAnAdminMaySwitch() {
		for (GatewayClient caller : new GatewayClient[] { viewer(), operator() }) {
			GatewayClient.Response response = caller.put("/api/v1/engine/accept-distribution",
					"{\"distribution\":\"shared\"}");
			assertThat(response.status()).as("%s", response).isEqualTo(403);
			assertThat(response.json().path("code").asString()).isEqualTo("FORBIDDEN");
		}
		assertThat(this.engine.acceptDistribution().name()).isEqualTo("REUSEPORT");
	}

	@Test
	void anUnknownDistributionIsAProblemNamingTheValidOnes() {
		GatewayClient.Response response = admin().put("/api/v1/engine/accept-distribution",
				"{\"distribution\":\"round-robin\"}");
		assertThat(response.status()).as("%s", response).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).isEqualTo("INVALID_ACCEPT_DISTRIBUTION");
		assertThat(response.json().path("detail").asString()).contains("reuseport, shared, exclusive");
		assertThat(this.engine.acceptDistribution().name()).isEqualTo("REUSEPORT");
	}

	@Test
	void theBackendCannotLeaveEpollWhileTheDistributionIsExclusive() throws IOException {
		try (EchoClient before = EchoClient.connect(echoPort())) {
			before.echoAndCheck(100);
			try {
				assertThat(admin().put("/api/v1/engine/accept-distribution", "{\"distribution\":\"exclusive\"}")
					.status()).isEqualTo(200);
				GatewayClient.Response refused = admin().put("/api/v1/engine/backend", "{\"backend\":\"poll\"}");
				assertThat(refused.status()).as("%s", refused).isEqualTo(409);
				assertThat(refused.json().path("code").asString()).isEqualTo("UNSUPPORTED_BY_BACKEND");
				assertThat(refused.json().path("detail").asString()).contains("gateway.engine.backend=poll")
					.contains("gateway.engine.accept-distribution=exclusive");
				JsonNode engine = viewer().get("/api/v1/engine").json();
				assertThat(engine.path("backend").asString()).isEqualTo("EPOLL");
				assertThat(engine.path("acceptDistribution").asString()).isEqualTo("EXCLUSIVE");
				before.echoAndCheck(100);
			}
			finally {
				assertThat(admin().put("/api/v1/engine/accept-distribution", "{\"distribution\":\"reuseport\"}")
					.status()).isEqualTo(200);
			}
		}
	}

	@Test
	void exclusiveIsRefusedWhileTheLiveBackendIsPoll() throws IOException {
		try (EchoClient before = EchoClient.connect(echoPort())) {
			before.echoAndCheck(100);
			try {
				assertThat(admin().put("/api/v1/engine/backend", "{\"backend\":\"poll\"}").status()).isEqualTo(200);
				GatewayClient.Response refused = admin().put("/api/v1/engine/accept-distribution",
						"{\"distribution\":\"exclusive\"}");
				assertThat(refused.status()).as("%s", refused).isEqualTo(409);
				assertThat(refused.json().path("code").asString()).isEqualTo("UNSUPPORTED_BY_BACKEND");
				assertThat(refused.json().path("detail").asString())
					.contains("gateway.engine.accept-distribution=exclusive")
					.contains("gateway.engine.backend=epoll")
					.contains("poll");
				JsonNode engine = viewer().get("/api/v1/engine").json();
				assertThat(engine.path("backend").asString()).isEqualTo("POLL");
				assertThat(engine.path("acceptDistribution").asString()).isEqualTo("REUSEPORT");
				before.echoAndCheck(100);
			}
			finally {
				assertThat(admin().put("/api/v1/engine/backend", "{\"backend\":\"epoll\"}").status()).isEqualTo(200);
			}
		}
	}

}
