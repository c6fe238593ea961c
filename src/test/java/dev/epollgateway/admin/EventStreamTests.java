package dev.epollgateway.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/events} over real HTTP: a subscriber sees a real client's connection open and close, and the
 * engine's own events, as server-sent events with JSON data.
 */
class EventStreamTests extends GatewayTestSupport {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aSubscriberSeesConnectionsOpenAndCloseAndEngineEvents() throws Exception {
		String credentials = Base64.getEncoder()
			.encodeToString(("viewer:" + GatewayClient.VIEWER_PASSWORD).getBytes(StandardCharsets.UTF_8));
		HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.apiPort + "/api/v1/events"))
				.header("Authorization", "Basic " + credentials)
				.header("Accept", "text/event-stream")
				.build(), HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
		BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					lines.add(line);
				}
			}
			catch (IOException ex) {
				// closed at the end of the test
			}
		}, "sse-test-reader");
		reader.setDaemon(true);
		reader.start();
		try {
			// The first line is the stream's opening comment: from here on, the subscription is registered.
			assertThat(lines.poll(20, TimeUnit.SECONDS)).startsWith(":");
			int clientPort;
			try (EchoClient client = EchoClient.connect(echoPort())) {
				clientPort = client.localPort();
				client.echoAndCheck(10);
				JsonNode opened = nextEvent(lines, "CONNECTION_OPENED", clientPort);
				assertThat(opened.path("connectionId").asLong()).isPositive();
				assertThat(opened.path("remote").asString()).isEqualTo("127.0.0.1:" + clientPort);
			}
			JsonNode closed = nextEvent(lines, "CONNECTION_CLOSED", clientPort);
			assertThat(closed.path("reason").asString()).isEqualTo("peer_closed");

			try {
				assertThat(operator().post("/api/v1/engine/pause", null).status()).isEqualTo(200);
			}
			finally {
				assertThat(operator().post("/api/v1/engine/resume", null).status()).isEqualTo(200);
			}
			assertThat(nextEvent(lines, "ACCEPT_PAUSED", 0).path("connectionId").isNull()).isTrue();
			nextEvent(lines, "ACCEPT_RESUMED", 0);
		}
		finally {
			response.body().close();
		}
	}

	/** The data of the next event of a type (for connection events, of the client port), skipping the others. */
	private static JsonNode nextEvent(BlockingQueue<String> lines, String type, int clientPort)
			throws InterruptedException {
		String event = null;
		while (true) {
			String line = lines.poll(20, TimeUnit.SECONDS);
			assertThat(line).as("an event %s arrives", type).isNotNull();
			if (line.startsWith("event:")) {
				event = line.substring(6).trim();
			}
			else if (line.startsWith("data:") && type.equals(event)) {
				JsonNode data = json.readTree(line.substring(5));
				assertThat(data.path("type").asString()).isEqualTo(type);
				if (clientPort == 0 || data.path("remote").asString("").endsWith(":" + clientPort)) {
					return data;
				}
			}
		}
	}

}
