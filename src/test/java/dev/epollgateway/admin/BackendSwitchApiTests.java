package dev.epollgateway.admin;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import dev.epollgateway.engine.BackendKind;
import dev.epollgateway.engine.TriggerMode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code PUT /api/v1/engine/backend} over real HTTP: only an admin may switch; a bad body is a 400 problem; a switch
 * the backend cannot serve is a 409 that changes nothing; a switch moves the live connections, which keep echoing,
 * and is audit-logged. Every test leaves the shared engine on epoll, level-triggered.
 */
@ExtendWith(OutputCaptureExtension.class)
class BackendSwitchApiTests extends GatewayTestSupport {

	@AfterEach
	void backToEpollAndLevel() throws Exception {
		this.engine.switchTriggerMode(TriggerMode.LEVEL).get();
		this.engine.switchBackend(BackendKind.EPOLL).get();
	}

	@Test
	void onlyAnAdminMaySwitchTheBackend() {
		GatewayClient.Response anonymous = GatewayClient.anonymous(this.apiPort)
			.put("/api/v1/engine/backend", "{\"backend\":\"poll\"}");
		assertProblem(anonymous, 401, "UNAUTHORIZED");
		assertProblem(viewer().put("/api/v1/engine/backend", "{\"backend\":\"poll\"}"), 403, "FORBIDDEN");
		assertProblem(operator().put("/api/v1/engine/backend", "{\"backend\":\"poll\"}"), 403, "FORBIDDEN");
		assertThat(this.engine.backend()).isEqualTo(BackendKind.EPOLL);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "{\"backend\":\"kqueue\"}|INVALID_BACKEND",
			"{}|INVALID_BACKEND", "{\"backend\":\"\"}|INVALID_BACKEND", "{\"backend\":null}|INVALID_BACKEND",
			"poll|MALFORMED_REQUEST_BODY", "{\"backend\":\"poll\",\"now\":true}|MALFORMED_REQUEST_BODY",
			"{\"backend\":[\"poll\"]}|MALFORMED_REQUEST_BODY", "{\"backend\":\"poll\"|MALFORMED_REQUEST_BODY" })
	void aBadBodyIsA400ProblemAndChangesNothing(String body, String code) {
		GatewayClient.Response response = admin().put("/api/v1/engine/backend", body);
		assertProblem(response, 400, code);
		if (code.equals("INVALID_BACKEND")) {
			assertThat(response.json().path("parameter").asString()).isEqualTo("backend");
			assertThat(response.json().path("validValues").asString()).isEqualTo("epoll, poll, select");
			assertThat(response.json().path("detail").asString()).contains("'backend'").contains("epoll, poll, select");
		}
		assertThat(this.engine.backend()).isEqualTo(BackendKind.EPOLL);
	}

	@Test
	void pollOrSelectInEdgeModeIsA409NamingBothSettingsAndChangesNothing() throws IOException {
		try (EchoClient client = EchoClient.connect(echoPort())) {
			client.echoAndCheck(100);
			assertThat(admin().put("/api/v1/engine/trigger-mode", "{\"mode\":\"edge\"}").status()).isEqualTo(200);
			for (String backend : new String[] { "poll", "select" }) {
				GatewayClient.Response response = admin().put("/api/v1/engine/backend",
						"{\"backend\":\"" + backend + "\"}");
				assertProblem(response, 409, "UNSUPPORTED_BY_BACKEND");
				assertThat(response.json().path("detail").asString())
					.contains("gateway.engine.backend=" + backend)
					.contains("gateway.engine.trigger-mode=edge");
			}
			JsonNode engine = viewer().get("/api/v1/engine").json();
			assertThat(engine.path("backend").asString()).isEqualTo("EPOLL");
			assertThat(engine.path("triggerMode").asString()).isEqualTo("EDGE");
			client.echoAndCheck(50_000);
		}
	}

	@Test
	void selectWithAMaxConnectionsAboveFdSetSizeIsA409WithItsOwnCode() throws IOException {
		try (EchoClient client = EchoClient.connect(echoPort())) {
			client.echoAndCheck(100);
			GatewayClient.Response response = admin().put("/api/v1/engine/backend", "{\"backend\":\"SELECT\"}");
			assertProblem(response, 409, "FD_SETSIZE_EXCEEDED");
			assertThat(response.json().path("fdsAtOrAbove").asInt()).isZero();
			assertThat(response.json().path("detail").asString()).contains("FD_SETSIZE (1024)")
				.contains("gateway.engine.max-connections=" + this.engine.config().maxConnections());
			assertThat(viewer().get("/api/v1/engine").json().path("backend").asString()).isEqualTo("EPOLL");
			client.echoAndCheck(50_000);
		}
	}

	@Test
	void aSwitchMovesTheLiveConnectionsWhichKeepEchoingAndIsAuditLogged(CapturedOutput output) throws IOException {
		try (EchoClient first = EchoClient.connect(echoPort()); EchoClient second = EchoClient.connect(echoPort())) {
			first.echoAndCheck(100);
			second.echoAndCheck(100);
			int open = this.engine.activeConnections();
			GatewayClient.Response toPoll = admin().put("/api/v1/engine/backend", "{\"backend\":\"Poll\"}");
			assertThat(toPoll.status()).as("%s", toPoll).isEqualTo(200);
			assertThat(toPoll.json().path("previous").asString()).isEqualTo("EPOLL");
			assertThat(toPoll.json().path("current").asString()).isEqualTo("POLL");
			assertThat(toPoll.json().path("connectionsMoved").asInt()).isEqualTo(open);
			assertThat(toPoll.json().path("switchMicros").isNumber()).isTrue();
			assertThat(toPoll.json().path("switchMicros").asLong()).isNotNegative();
			assertThat(viewer().get("/api/v1/engine").json().path("backend").asString()).isEqualTo("POLL");
			first.echoAndCheck(200_000);
			second.echoAndCheck(200_000);
			JsonNode backend = actuator().get("/actuator/epoll").json().path("backend");
			assertThat(backend.path("current").asString()).isEqualTo("POLL");
			assertThat(backend.path("switches").asLong()).isPositive();
			assertThat(backend.path("lastConnectionsMoved").asLong()).isEqualTo(open);
			JsonNode poll = backend.path("waitCalls").path("poll");
			assertThat(poll.path("calls").asLong()).isPositive();
			// Every poll call hands the kernel the whole array: the connections, the listener and the eventfd.
			assertThat(poll.path("fdsHandedPerCall").asDouble()).isGreaterThanOrEqualTo(open + 2);
			assertThat(backend.path("waitCalls").path("epoll").path("fdsHandedToKernel").asLong()).isZero();

			GatewayClient.Response again = admin().put("/api/v1/engine/backend", "{\"backend\":\"poll\"}");
			assertThat(again.status()).as("%s", again).isEqualTo(200);
			assertThat(again.json().path("previous").asString()).isEqualTo("POLL");
			assertThat(again.json().path("current").asString()).isEqualTo("POLL");
			assertThat(again.json().path("connectionsMoved").asInt()).isZero();

			GatewayClient.Response back = admin().put("/api/v1/engine/backend", "{\"backend\":\"epoll\"}");
			assertThat(back.status()).as("%s", back).isEqualTo(200);
			assertThat(back.json().path("previous").asString()).isEqualTo("POLL");
			assertThat(back.json().path("current").asString()).isEqualTo("EPOLL");
			first.echoAndCheck(1000);
			second.echoAndCheck(1000);
		}
		assertThat(output.getAll()).contains("admin switched the readiness backend EPOLL -> POLL (")
			.contains("admin switched the readiness backend POLL -> EPOLL (");
	}

	private static void assertProblem(GatewayClient.Response response, int status, String code) {
		assertThat(response.status()).as("%s", response).isEqualTo(status);
		assertThat(response.contentType()).as("%s", response).startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).as("%s", response).isEqualTo(code);
		assertThat(response.json().path("status").asInt()).as("%s", response).isEqualTo(status);
	}

}
