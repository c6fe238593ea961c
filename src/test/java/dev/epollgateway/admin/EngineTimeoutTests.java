package dev.epollgateway.admin;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.mockito.Answers;

import dev.epollgateway.engine.query.ConnectionPage;
import dev.epollgateway.engine.EngineConfig;
import dev.epollgateway.engine.EngineState;
import dev.epollgateway.engine.EpollEngine;
import dev.epollgateway.engine.ModeSwitch;
import dev.epollgateway.engine.TriggerMode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willReturn;

/**
 * A stuck engine must not hang an HTTP thread: with an engine whose futures never complete, every call that waits
 * for it answers 503 {@code ENGINE_TIMEOUT} after the configured timeout. (The one test with a stand-in engine: a
 * real loop cannot be made to hang on purpose.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "gateway.engine.port=0", "management.server.port=0", "gateway.admin.engine-call-timeout=200ms",
				"gateway.security.viewer-password=" + GatewayClient.VIEWER_PASSWORD,
				"gateway.security.admin-password=" + GatewayClient.ADMIN_PASSWORD })
class EngineTimeoutTests {

	@MockitoBean(answers = Answers.RETURNS_MOCKS)
	private EpollEngine engine;

	@LocalServerPort
	private int apiPort;

	@Test
	void listingAStuckEngineAnswers503WithACode() {
		willReturn(new CompletableFuture<ConnectionPage>()).given(this.engine).connections(any());
		GatewayClient.Response response = GatewayClient.viewer(this.apiPort).get("/api/v1/connections");
		assertThat(response.status()).as("%s", response).isEqualTo(503);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("code").asString()).isEqualTo("ENGINE_TIMEOUT");
		assertThat(response.json().get("detail").asString()).contains("200 ms", "listing connections");
	}

	@Test
	void switchingTheModeOfAStuckEngineAnswers503WithACode() {
		willReturn(new CompletableFuture<ModeSwitch>()).given(this.engine).switchTriggerMode(TriggerMode.EDGE);
		GatewayClient.Response response = GatewayClient.admin(this.apiPort)
			.put("/api/v1/engine/trigger-mode", "{\"mode\":\"edge\"}");
		assertThat(response.status()).as("%s", response).isEqualTo(503);
		assertThat(response.json().get("code").asString()).isEqualTo("ENGINE_TIMEOUT");
	}

	@Test
	void pausingOrResumingAStuckEngineAnswers503WithACode() {
		willReturn(new CompletableFuture<Void>()).given(this.engine).pauseAccepting();
		willReturn(new CompletableFuture<Void>()).given(this.engine).resumeAccepting();
		for (String[] action : new String[][] { { "pause", "pausing accepting" }, { "resume", "resuming accepting" } }) {
			GatewayClient.Response response = GatewayClient.admin(this.apiPort).post("/api/v1/engine/" + action[0], null);
			assertThat(response.status()).as("%s", response).isEqualTo(503);
			assertThat(response.json().get("code").asString()).isEqualTo("ENGINE_TIMEOUT");
			assertThat(response.json().get("detail").asString()).contains("200 ms", action[1]);
		}
	}

	@Test
	void engineViewNeedsNoLoopAnswer() {
		willReturn(EngineConfig.defaults()).given(this.engine).config();
		willReturn(EngineState.RUNNING).given(this.engine).state();
		willReturn(TriggerMode.LEVEL).given(this.engine).triggerMode();
		GatewayClient.Response response = GatewayClient.viewer(this.apiPort).get("/api/v1/engine");
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		assertThat(response.json().get("state").asString()).isEqualTo("RUNNING");
	}

}
