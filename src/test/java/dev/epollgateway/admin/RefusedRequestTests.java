package dev.epollgateway.admin;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What Tomcat, the servlet layer or Spring Security refuse before any controller runs is a problem detail with a
 * stable code on both ports, never an HTML page or a 500, and is not logged with a stack trace. Sent over a raw
 * socket, since a well-behaved client would not send most of these.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusedRequestTests extends GatewayTestSupport {

	enum Port {

		API, MANAGEMENT

	}

	static Stream<Arguments> refusals() {
		String bigHeader = "x".repeat(20_000);
		return Stream.of(Port.API, Port.MANAGEMENT).flatMap((port) -> {
			String base = (port == Port.API) ? "/api/v1/connections" : "/actuator/metrics";
			return Stream.of(
					// port, method, target, extra header (name:value or null), body, status, code
					arguments(port, "GET", base + "?minIdleMs=%ff%fe", null, null, 400, "INVALID_PARAMETER"),
					arguments(port, "GET", base + "?remote=fe80::1%eth0", null, null, 400, "INVALID_PARAMETER"),
					arguments(port, "HEAD", base + "?minIdleMs=%ff%fe", null, null, 400, "INVALID_PARAMETER"),
					arguments(port, "GET", base + "?limit=%", null, null, 400, "INVALID_PARAMETER"),
					arguments(port, "GET", base + "/%00", null, null, 400, "BAD_REQUEST"),
					arguments(port, "GET", base + "?remote=[::1]", null, null, 400, "BAD_REQUEST"),
					arguments(port, "GET", base + "?x={}", null, null, 400, "BAD_REQUEST"),
					arguments(port, "GET", base + "?x=a|b", null, null, 400, "BAD_REQUEST"),
					arguments(port, "GET", base, "X-Big:" + bigHeader, null, 400, "BAD_REQUEST"),
					arguments(port, "GET", base, "Content-Length:abc", null, 400, "BAD_REQUEST"),
					arguments(port, "TRACE", base, null, null, 405, "METHOD_NOT_ALLOWED"),
					arguments(port, "FOO", base, null, null, 400, "BAD_REQUEST"),
					arguments(port, "GET", "/%2e%2e/x", null, null, 400, "BAD_REQUEST"));
		});
	}

	@ParameterizedTest(name = "{0} {1} {2} {3} -> {5} {6}")
	@MethodSource("refusals")
	void aRequestRefusedBeforeAnyControllerIsAProblemWithACode(Port port, String method, String target, String header,
			String body, int status, String code, CapturedOutput output) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", RawHttp.basic("admin", GatewayClient.ADMIN_PASSWORD));
		if (header != null) {
			headers.put(header.substring(0, header.indexOf(':')), header.substring(header.indexOf(':') + 1));
		}
		int portNumber = (port == Port.API) ? this.apiPort : this.managementPort;
		RawHttp.Response response = RawHttp.exchange(portNumber, method, target, headers,
				(body != null) ? body.getBytes(StandardCharsets.UTF_8) : null);
		assertThat(response.status()).as("%s", response).isEqualTo(status);
		assertThat(response.contentType()).as("%s", response).startsWith("application/problem+json");
		if (!method.equals("HEAD")) {
			assertThat(response.json().path("code").asString()).as("%s", response).isEqualTo(code);
			assertThat(response.json().path("status").asInt()).as("%s", response).isEqualTo(status);
		}
		assertThat(output.getAll()).as("no stack trace or ERROR for a client's mistake")
			.doesNotContain("\tat ")
			.doesNotContain(" ERROR ");
	}

}
