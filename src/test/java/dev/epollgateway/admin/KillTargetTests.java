package dev.epollgateway.admin;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kill needs a target: no body, an empty body, options without a filter, an empty-string filter or a filter beside
 * {@code "all": true} are refused and kill nothing; {@code "all": true} is how to target every connection on purpose.
 */
class KillTargetTests extends GatewayTestSupport {

	@Test
	void aKillWithoutABodyIsRefusedAndEveryConnectionStillEchoes() throws IOException {
		try (EchoClient client = EchoClient.connect(echoPort())) {
			client.echoAndCheck(100);
			GatewayClient.Response response = operator().send("POST", "/api/v1/connections/kill", null);
			assertFilterRequired(response);
			client.echoAndCheck(64 * 1024);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "{}", "{\"dryRun\":false}", "{\"mode\":\"abort\",\"max\":5}",
			"{\"all\":false}", "{\"remote\":null}" })
	void aKillBodyWithoutAFilterIsRefusedAndKillsNothing(String body) throws IOException {
		try (EchoClient client = EchoClient.connect(echoPort())) {
			client.echoAndCheck(100);
			assertFilterRequired(operator().post("/api/v1/connections/kill", body));
			client.echoAndCheck(64 * 1024);
		}
	}

	@ParameterizedTest(name = "{0} -> {1} naming {2}")
	@CsvSource(delimiter = '|',
			value = { "{\"remote\":\"\"}|INVALID_ADDRESS_RANGE|remote", "{\"remote\":\"  \"}|INVALID_ADDRESS_RANGE|remote",
					"{\"minIdleMs\":\"\"}|MALFORMED_REQUEST_BODY|minIdleMs",
					"{\"remote\":\"127.0.0.1\",\"minAgeMs\":\"\"}|MALFORMED_REQUEST_BODY|minAgeMs",
					"{\"minBacklogBytes\":1.5}|MALFORMED_REQUEST_BODY|minBacklogBytes",
					"{\"all\":\"\"}|MALFORMED_REQUEST_BODY|all", "{\"all\":1}|MALFORMED_REQUEST_BODY|all",
					"{\"all\":true,\"remote\":\"127.0.0.1\"}|INVALID_PARAMETER|all" })
	void anEmptyOrConflictingFilterIsRefusedNamingItAndKillsNothing(String body, String code, String member)
			throws IOException {
		try (EchoClient client = EchoClient.connect(echoPort())) {
			client.echoAndCheck(100);
			GatewayClient.Response response = operator().post("/api/v1/connections/kill", body);
			assertThat(response.status()).as("%s", response).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().path("code").asString()).as("%s", response).isEqualTo(code);
			assertThat(response.json().path("parameter").asString()).as("%s", response).isEqualTo(member);
			client.echoAndCheck(64 * 1024);
		}
	}

	@Test
	void allTrueTargetsEveryConnectionAndADryRunPreviewsIt() throws IOException {
		try (EchoClient first = EchoClient.connect(echoPort()); EchoClient second = EchoClient.connect(echoPort())) {
			first.echoAndCheck(10);
			second.echoAndCheck(10);
			GatewayClient.Response response = operator().post("/api/v1/connections/kill",
					"{\"all\":true,\"dryRun\":true}");
			assertThat(response.status()).as("%s", response).isEqualTo(200);
			assertThat(response.json().path("matched").asLong()).isGreaterThanOrEqualTo(2);
			assertThat(response.json().path("killed").asLong()).isZero();
			first.echoAndCheck(1000);
			second.echoAndCheck(1000);
		}
	}

	private static void assertFilterRequired(GatewayClient.Response response) {
		assertThat(response.status()).as("%s", response).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).as("%s", response).isEqualTo("KILL_FILTER_REQUIRED");
		assertThat(response.json().path("detail").asString()).contains("\"all\": true").contains("dryRun");
	}

}
