package dev.epollgateway.monitoring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.epollgateway.admin.EchoClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code logging.structured.format.console} (the chart's {@code logging.structuredFormat}) turns the packaged
 * gateway's console into one JSON object a line, in Spring Boot's ECS and Logstash formats, and the audit trail of
 * the admin API's changes carries its user, action, target and result as JSON fields, not only in the message.
 */
class StructuredLogsIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@ParameterizedTest
	@CsvSource({ "ecs, log.logger", "logstash, logger_name" })
	void consoleIsJsonAndAuditLinesCarryTheirFields(String format, String loggerField) throws Exception {
		try (GatewayProcess gateway = GatewayProcess.start(this.directory,
				"--logging.structured.format.console=" + format);
				EchoClient client = EchoClient.connect(gateway.echoPort())) {
			client.echoAndCheck(1024);
			String operator = GatewayProcess.OPERATOR_PASSWORD;
			assertThat(gateway.call("POST", "/api/v1/engine/pause", null, "operator", operator).statusCode())
				.isEqualTo(200);
			assertThat(gateway.call("POST", "/api/v1/engine/resume", null, "operator", operator).statusCode())
				.isEqualTo(200);
			assertThat(gateway.call("PUT", "/api/v1/engine/trigger-mode", "{\"mode\":\"oneshot\"}", "admin",
					GatewayProcess.ADMIN_PASSWORD).statusCode()).isEqualTo(200);
			JsonNode listing = json.readTree(gateway
				.call("GET", "/api/v1/connections", null, "viewer", GatewayProcess.VIEWER_PASSWORD)
				.body());
			long id = listing.path("items").get(0).path("id").asLong();
			assertThat(gateway.call("DELETE", "/api/v1/connections/" + id + "?mode=abort", null, "operator", operator)
				.statusCode()).isEqualTo(204);

			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(auditLines(gateway, loggerField))
				.hasSize(4));
			List<JsonNode> audit = auditLines(gateway, loggerField);
			assertAudit(audit.get(0), "operator", "pause", "engine", "paused", "operator paused accepting");
			assertAudit(audit.get(1), "operator", "resume", "engine", "resumed", "operator resumed accepting");
			assertAudit(audit.get(2), "admin", "switch-trigger-mode", "engine", "LEVEL -> ONESHOT",
					"admin switched the trigger mode LEVEL -> ONESHOT (");
			assertAudit(audit.get(3), "operator", "kill-connection", "connection " + id, "killed (ABORT)",
					"operator killed connection " + id + " (ABORT)");
		}
	}

	private static void assertAudit(JsonNode line, String user, String action, String target, String result,
			String messageStart) {
		assertThat(Map.of("user", line.path("user").asString(), "action", line.path("action").asString(), "target",
				line.path("target").asString(), "result", line.path("result").asString()))
			.as(line.toString())
			.isEqualTo(Map.of("user", user, "action", action, "target", target, "result", result));
		assertThat(line.path("message").asString()).startsWith(messageStart);
	}

	/** The audit lines so far; every line of the console must be a JSON object. */
	private static List<JsonNode> auditLines(GatewayProcess gateway, String loggerField) throws Exception {
		List<JsonNode> audit = new ArrayList<>();
		for (String line : gateway.log().split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			JsonNode node = json.readTree(line);
			assertThat(node.isObject()).as(line).isTrue();
			assertThat(node.path("message").isString()).as(line).isTrue();
			JsonNode logger = node;
			for (String part : loggerField.split("\\.")) {
				logger = logger.path(part);
			}
			if ("dev.epollgateway.audit".equals(logger.asString(""))) {
				audit.add(node);
			}
		}
		return audit;
	}

}
