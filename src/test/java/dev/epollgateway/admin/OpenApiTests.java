package dev.epollgateway.admin;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description documents every operation of the admin API, with HTTP Basic as its security scheme, and
 * nothing that is not part of it.
 */
class OpenApiTests extends GatewayTestSupport {

	@Test
	void describesEveryOperationOfTheAdminApi() {
		GatewayClient.Response response = viewer().get("/v3/api-docs");
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		JsonNode api = response.json();
		JsonNode paths = api.path("paths");
		assertThat(paths.propertyNames()).containsExactlyInAnyOrder("/api/v1/connections", "/api/v1/connections/{id}",
				"/api/v1/connections/kill", "/api/v1/engine", "/api/v1/engine/trigger-mode", "/api/v1/engine/backend",
				"/api/v1/engine/accept-distribution", "/api/v1/engine/pause",
				"/api/v1/engine/resume", "/api/v1/engine/drain", "/api/v1/events", "/api/v1/me", "/api/v1/statistics",
				"/api/v1/statistics/stream", "/api/v1/interest-list");
		assertThat(paths.path("/api/v1/connections/{id}").propertyNames()).containsExactlyInAnyOrder("get", "delete");
		assertThat(paths.path("/api/v1/engine/trigger-mode").has("put")).isTrue();
		assertThat(paths.path("/api/v1/engine/backend").has("put")).isTrue();
		assertThat(paths.path("/api/v1/engine/accept-distribution").has("put")).isTrue();
		assertThat(api.path("components").path("securitySchemes").path("basic").path("scheme").asString())
			.isEqualTo("basic");
	}

	@Test
	void describesAConnectionByItsMembersInDeclarationOrder() {
		JsonNode schemas = viewer().get("/v3/api-docs").json().path("components").path("schemas");
		JsonNode connection = schemas.path("ConnectionView");
		assertThat(connection.path("properties").propertyNames()).containsExactly("id", "loop", "fd", "remoteAddress",
				"remotePort", "localPort", "connectedAt", "ageMs", "idleMs", "bytesIn", "bytesOut", "reads", "writes",
				"eagainReads", "eagainWrites", "writeBacklogBytes", "readingPaused", "state", "interest",
				"interestMask");
		assertThat(connection.path("properties").path("connectedAt").path("format").asString()).isEqualTo("date-time");
		assertThat(connection.path("properties").path("interest").path("type").asString()).isEqualTo("array");
	}

}
