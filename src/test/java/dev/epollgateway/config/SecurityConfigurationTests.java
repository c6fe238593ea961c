package dev.epollgateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.epollgateway.admin.GatewayClient;
import dev.epollgateway.admin.GatewayTestSupport;
import dev.epollgateway.engine.EngineState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Each role is allowed exactly what it should be, on both ports: for every operation, every role below the one it
 * needs is refused (401 problem without credentials, 403 problem with a lesser role) and every role from it up gets
 * the operation's own answer. Operations that would change the engine are sent in a form that passes access control
 * but does no harm (a drain with an invalid timeout, a kill dry run, a switch to the mode in force), and a pause is
 * undone at once.
 */
class SecurityConfigurationTests extends GatewayTestSupport {

	/** Who asks, weakest first. */
	enum Caller {

		ANONYMOUS, VIEWER, OPERATOR, ADMIN;

		GatewayClient client(int port) {
			return switch (this) {
				case ANONYMOUS -> GatewayClient.anonymous(port);
				case VIEWER -> GatewayClient.viewer(port);
				case OPERATOR -> GatewayClient.operator(port);
				case ADMIN -> GatewayClient.admin(port);
			};
		}

	}

	enum Port {

		API, MANAGEMENT

	}

	static Stream<Arguments> operations() {
		List<Arguments> rows = new ArrayList<>();
		// port, method, path, body, the weakest caller allowed, the status it gets
		rows.add(arguments(Port.API, "GET", "/api/v1/engine", null, Caller.VIEWER, 200));
		rows.add(arguments(Port.API, "GET", "/api/v1/connections?limit=5", null, Caller.VIEWER, 200));
		rows.add(arguments(Port.API, "GET", "/api/v1/connections/999999999", null, Caller.VIEWER, 404));
		rows.add(arguments(Port.API, "GET", "/v3/api-docs", null, Caller.VIEWER, 200));
		rows.add(arguments(Port.API, "GET", "/swagger-ui/index.html", null, Caller.VIEWER, 200));
		rows.add(arguments(Port.API, "GET", "/api/v1/unknown", null, Caller.VIEWER, 404));
		rows.add(arguments(Port.API, "DELETE", "/api/v1/connections/999999999", null, Caller.OPERATOR, 404));
		rows.add(arguments(Port.API, "POST", "/api/v1/connections/kill",
				"{\"remote\":\"192.0.2.0/24\",\"dryRun\":true}", Caller.OPERATOR, 200));
		rows.add(arguments(Port.API, "POST", "/api/v1/engine/pause", null, Caller.OPERATOR, 200));
		rows.add(arguments(Port.API, "POST", "/api/v1/engine/resume", null, Caller.OPERATOR, 200));
		rows.add(arguments(Port.API, "POST", "/api/v1/engine/drain", "{\"timeoutMs\":-1}", Caller.OPERATOR, 400));
		rows.add(arguments(Port.API, "PUT", "/api/v1/engine/trigger-mode", "{\"mode\":\"level\"}", Caller.ADMIN, 200));
		rows.add(arguments(Port.API, "PUT", "/api/v1/engine/accept-distribution", "{\"distribution\":\"reuseport\"}",
				Caller.ADMIN, 200));
		rows.add(arguments(Port.MANAGEMENT, "GET", "/actuator/health", null, Caller.ANONYMOUS, 200));
		rows.add(arguments(Port.MANAGEMENT, "GET", "/actuator/health/liveness", null, Caller.ANONYMOUS, 200));
		rows.add(arguments(Port.MANAGEMENT, "GET", "/actuator/health/readiness", null, Caller.ANONYMOUS, 200));
		rows.add(arguments(Port.MANAGEMENT, "GET", "/actuator", null, Caller.VIEWER, 200));
		rows.add(arguments(Port.MANAGEMENT, "GET", "/actuator/epoll", null, Caller.VIEWER, 200));
		rows.add(arguments(Port.MANAGEMENT, "GET", "/actuator/prometheus", null, Caller.VIEWER, 200));
		rows.add(arguments(Port.MANAGEMENT, "GET", "/actuator/metrics", null, Caller.VIEWER, 200));
		rows.add(arguments(Port.MANAGEMENT, "GET", "/actuator/info", null, Caller.VIEWER, 200));
		List<Arguments> cases = new ArrayList<>();
		for (Arguments row : rows) {
			Object[] values = row.get();
			for (Caller caller : Caller.values()) {
				cases.add(arguments(values[0], values[1], values[2], values[3], caller, values[4], values[5]));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{4}: {0} {1} {2} (needs {5})")
	@MethodSource("operations")
	void eachRoleIsAllowedExactlyWhatItShouldBe(Port port, String method, String path, String body, Caller caller,
			Caller needed, int allowedStatus) {
		int portNumber = (port == Port.API) ? this.apiPort : this.managementPort;
		GatewayClient.Response response = caller.client(portNumber).send(method, path, body);
		try {
			if (caller.compareTo(needed) >= 0) {
				assertThat(response.status()).as("%s", response).isEqualTo(allowedStatus);
			}
			else if (caller == Caller.ANONYMOUS) {
				assertProblem(response, 401, "UNAUTHORIZED");
			}
			else {
				assertProblem(response, 403, "FORBIDDEN");
			}
		}
		finally {
			if (this.engine.state() == EngineState.PAUSED) {
				GatewayClient.operator(this.apiPort).post("/api/v1/engine/resume", null);
			}
		}
	}

	@Test
	void aWrongPasswordIsUnauthorizedOnBothPorts() {
		for (int port : new int[] { this.apiPort, this.managementPort }) {
			String path = (port == this.apiPort) ? "/api/v1/engine" : "/actuator/epoll";
			assertProblem(GatewayClient.as(port, "admin", "not-the-password").get(path), 401, "UNAUTHORIZED");
			assertProblem(GatewayClient.as(port, "root", GatewayClient.ADMIN_PASSWORD).get(path), 401,
					"UNAUTHORIZED");
		}
	}

	@Test
	void theChallengeNamesBasicAuthentication() throws Exception {
		java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + this.apiPort
					+ "/api/v1/engine")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"epoll-gateway\"");
	}

	@Test
	void unknownRoutesAreNotFoundProblemsOnBothPorts() {
		assertProblem(GatewayClient.viewer(this.apiPort).get("/api/v2/engine"), 404, "NOT_FOUND");
		assertProblem(GatewayClient.viewer(this.managementPort).get("/actuator/nothing-here"), 404, "NOT_FOUND");
		assertProblem(GatewayClient.anonymous(this.managementPort).get("/actuator/nothing-here"), 401, "UNAUTHORIZED");
	}

	@Test
	void healthDetailsNeedAUser() {
		GatewayClient.Response anonymous = GatewayClient.anonymous(this.managementPort).get("/actuator/health");
		assertThat(anonymous.json().has("components")).as("%s", anonymous).isFalse();
		GatewayClient.Response viewer = GatewayClient.viewer(this.managementPort).get("/actuator/health");
		assertThat(viewer.json().path("components").has("epollEngine")).as("%s", viewer).isTrue();
		assertThat(viewer.json().path("components").has("epollListener")).as("%s", viewer).isTrue();
	}

	private static void assertProblem(GatewayClient.Response response, int status, String code) {
		assertThat(response.status()).as("%s", response).isEqualTo(status);
		assertThat(response.contentType()).as("%s", response).startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).as("%s", response).isEqualTo(code);
	}

}
