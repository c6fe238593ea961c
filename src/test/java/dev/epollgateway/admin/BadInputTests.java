package dev.epollgateway.admin;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.epollgateway.engine.query.ConnectionCursor;
import dev.epollgateway.engine.query.ConnectionSort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every bad input gets its status and its stable code as an RFC 9457 problem; a 400 names the parameter and what
 * would have been valid. Sent by an admin, so no rejection here is an access-control one.
 */
class BadInputTests extends GatewayTestSupport {

	static Stream<Arguments> badInputs() {
		return Stream.of(
				// method, path, body, status, code, parameter (400s), words the detail must contain
				arguments("GET", "/api/v1/connections?limit=0", null, 400, "INVALID_LIMIT", "limit", "1 to 1000"),
				arguments("GET", "/api/v1/connections?limit=1001", null, 400, "INVALID_LIMIT", "limit", "1 to 1000"),
				arguments("GET", "/api/v1/connections?limit=ten", null, 400, "INVALID_LIMIT", "limit", "1 to 1000"),
				arguments("GET", "/api/v1/connections?sort=color", null, 400, "INVALID_SORT", "sort",
						"id, ageMs, idleMs, bytesIn, bytesOut, writeBacklogBytes"),
				arguments("GET", "/api/v1/connections?sort=-", null, 400, "INVALID_SORT", "sort", "bytesIn"),
				arguments("GET", "/api/v1/connections?remote=10.0.0.0/33", null, 400, "INVALID_ADDRESS_RANGE",
						"remote", "CIDR"),
				arguments("GET", "/api/v1/connections?remote=example.com", null, 400, "INVALID_ADDRESS_RANGE",
						"remote", "CIDR"),
				arguments("GET", "/api/v1/connections?remote=300.1.2.3", null, 400, "INVALID_ADDRESS_RANGE", "remote",
						"CIDR"),
				arguments("GET", "/api/v1/connections?cursor=not-a-cursor", null, 400, "INVALID_CURSOR", "cursor",
						"nextCursor"),
				arguments("GET", "/api/v1/connections?sort=bytesIn&cursor=" + cursorForSortById(), null, 400,
						"INVALID_CURSOR", "cursor", "keep the sort"),
				arguments("GET", "/api/v1/connections?minIdleMs=-1", null, 400, "INVALID_PARAMETER", "minIdleMs",
						"0 or more"),
				arguments("GET", "/api/v1/connections?minAgeMs=old", null, 400, "INVALID_PARAMETER", "minAgeMs",
						"0 or more"),
				arguments("GET", "/api/v1/connections/abc", null, 400, "INVALID_CONNECTION_ID", "id",
						"positive whole number"),
				arguments("GET", "/api/v1/connections/-4", null, 400, "INVALID_CONNECTION_ID", "id",
						"positive whole number"),
				arguments("DELETE", "/api/v1/connections/abc", null, 400, "INVALID_CONNECTION_ID", "id",
						"positive whole number"),
				arguments("DELETE", "/api/v1/connections/1?mode=gentle", null, 400, "INVALID_KILL_MODE", "mode",
						"graceful, abort"),
				arguments("PUT", "/api/v1/engine/trigger-mode", "{\"mode\":\"sideways\"}", 400, "INVALID_TRIGGER_MODE",
						"mode", "level, edge, oneshot"),
				arguments("PUT", "/api/v1/engine/trigger-mode", "{}", 400, "INVALID_TRIGGER_MODE", "mode",
						"level, edge, oneshot"),
				arguments("PUT", "/api/v1/engine/trigger-mode", "edge", 400, "MALFORMED_REQUEST_BODY", null, "JSON"),
				arguments("PUT", "/api/v1/engine/accept-distribution", "{\"distribution\":\"roundrobin\"}", 400,
						"INVALID_ACCEPT_DISTRIBUTION", "distribution", "reuseport, shared, exclusive"),
				arguments("PUT", "/api/v1/engine/accept-distribution", "{}", 400, "INVALID_ACCEPT_DISTRIBUTION",
						"distribution", "reuseport, shared, exclusive"),
				arguments("POST", "/api/v1/connections/kill", "{\"remote\":\"10.1.1.1/40\"}", 400,
						"INVALID_ADDRESS_RANGE", "remote", "CIDR"),
				arguments("POST", "/api/v1/connections/kill", "{\"mode\":\"nicely\"}", 400, "INVALID_KILL_MODE", "mode",
						"graceful, abort"),
				arguments("POST", "/api/v1/connections/kill", "{\"max\":0}", 400, "INVALID_PARAMETER", "max",
						"1 or more"),
				arguments("POST", "/api/v1/connections/kill", "{\"minBacklogBytes\":-1}", 400, "INVALID_PARAMETER",
						"minBacklogBytes", "0 or more"),
				arguments("POST", "/api/v1/connections/kill", "{\"minIdelMs\":60000}", 400, "INVALID_PARAMETER",
						"minIdelMs", "minIdleMs, minAgeMs"),
				arguments("POST", "/api/v1/connections/kill", "{\"max\":\"many\"}", 400, "MALFORMED_REQUEST_BODY",
						null, "JSON"),
				arguments("POST", "/api/v1/engine/drain", "{\"timeoutMs\":-5}", 400, "INVALID_PARAMETER", "timeoutMs",
						"0 or more"),
				arguments("GET", "/api/v1/connections/999999999", null, 404, "CONNECTION_NOT_FOUND", null,
						"999999999"),
				arguments("DELETE", "/api/v1/connections/999999999?mode=abort", null, 404, "CONNECTION_NOT_FOUND",
						null, "999999999"),
				arguments("GET", "/api/v1/no-such-thing", null, 404, "NOT_FOUND", null, ""),
				arguments("PATCH", "/api/v1/engine", "{}", 405, "METHOD_NOT_ALLOWED", null, ""),
				// Rejected by the security firewall before any controller: answered by the error page.
				arguments("GET", "/api/v1/%2e%2e/engine", null, 400, "BAD_REQUEST", null, ""),
				arguments("PUT", "/api/v1/engine/trigger-mode", "<mode>edge</mode>", 400, "MALFORMED_REQUEST_BODY",
						null, ""));
	}

	private static String cursorForSortById() {
		return new dev.epollgateway.engine.query.ConnectionCursor(dev.epollgateway.engine.query.ConnectionSort.BY_ID, 1, 1)
			.encode();
	}

	@ParameterizedTest(name = "{0} {1} {2} -> {3} {4}")
	@MethodSource("badInputs")
	void badInputGetsItsStatusAndCode(String method, String path, String body, int status, String code,
			String parameter, String words) {
		GatewayClient.Response response = admin().send(method, path, body);
		assertThat(response.status()).as("%s", response).isEqualTo(status);
		assertThat(response.contentType()).as("%s", response).startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).as("%s", response).isEqualTo(code);
		assertThat(response.json().path("status").asInt()).isEqualTo(status);
		assertThat(response.json().path("type").asString()).startsWith("urn:epoll-gateway:problem:");
		assertThat(response.json().path("detail").asString()).as("%s", response).contains(words);
		if (parameter != null) {
			assertThat(response.json().path("parameter").asString()).as("%s", response).isEqualTo(parameter);
			assertThat(response.json().path("detail").asString()).as("%s", response).contains("'" + parameter + "'");
			assertThat(response.json().path("validValues").asString()).as("%s", response).isNotBlank();
		}
	}

}
