package dev.epollgateway.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with four threads on one epoll instance: {@code GET /engine} and the Actuator show the topology and
 * the ownership guard's counts, a live switch of the backend or the accept distribution is refused with a problem
 * naming both settings (nothing changes, echo goes on), and the trigger mode still switches live.
 */
@TestPropertySource(properties = { "gateway.engine.topology=shared-epoll", "gateway.engine.loops=4" })
class SharedEpollApiTests extends GatewayTestSupport {

	@Test
	void engineViewAndActuatorShowTheTopology() {
		GatewayClient.Response engine = viewer().get("/api/v1/engine");
		assertThat(engine.status()).as("%s", engine).isEqualTo(200);
		assertThat(engine.json().path("topology").asString()).isEqualTo("SHARED_EPOLL");
		assertThat(engine.json().path("loops").asInt()).isEqualTo(4);
		GatewayClient.Response epoll = actuator().get("/actuator/epoll");
		assertThat(epoll.status()).as("%s", epoll).isEqualTo(200);
		assertThat(epoll.json().path("threads").path("topology").asString()).isEqualTo("shared-epoll");
		assertThat(epoll.json().path("threads").has("collisionsPerThousandEvents")).isTrue();
	}

	@Test
	void backendAndDistributionSwitchesAreRefusedNamingBothSettingsAndEchoGoesOn() throws IOException {
		try (Socket client = new Socket(InetAddress.getLoopbackAddress(), echoPort())) {
			client.setSoTimeout(5000);
			assertEchoes(client, "before");
			GatewayClient.Response backend = admin().put("/api/v1/engine/backend", "{\"backend\":\"poll\"}");
			assertThat(backend.status()).as("%s", backend).isEqualTo(409);
			assertThat(backend.contentType()).startsWith("application/problem+json");
			assertThat(backend.json().path("code").asString()).isEqualTo("UNSUPPORTED_BY_TOPOLOGY");
			assertThat(backend.json().path("detail").asString()).contains("gateway.engine.backend")
				.contains("gateway.engine.topology=shared-epoll");
			GatewayClient.Response distribution = admin().put("/api/v1/engine/accept-distribution",
					"{\"distribution\":\"shared\"}");
			assertThat(distribution.status()).as("%s", distribution).isEqualTo(409);
			assertThat(distribution.json().path("code").asString()).isEqualTo("UNSUPPORTED_BY_TOPOLOGY");
			GatewayClient.Response after = viewer().get("/api/v1/engine");
			assertThat(after.json().path("backend").asString()).isEqualTo("EPOLL");
			assertThat(after.json().path("acceptDistribution").asString()).isEqualTo("REUSEPORT");
			assertEchoes(client, "after the refusals");
		}
	}

	@Test
	void theTriggerModeSwitchesLiveAndEchoGoesOn() throws IOException {
		try (Socket client = new Socket(InetAddress.getLoopbackAddress(), echoPort())) {
			client.setSoTimeout(5000);
			assertEchoes(client, "level");
			for (String mode : new String[] { "oneshot", "edge", "level" }) {
				GatewayClient.Response response = admin().put("/api/v1/engine/trigger-mode",
						"{\"mode\":\"" + mode + "\"}");
				assertThat(response.status()).as("%s", response).isEqualTo(200);
				assertEchoes(client, "after " + mode);
			}
		}
	}

	private static void assertEchoes(Socket client, String text) throws IOException {
		byte[] sent = text.getBytes(StandardCharsets.US_ASCII);
		OutputStream out = client.getOutputStream();
		out.write(sent);
		InputStream in = client.getInputStream();
		byte[] received = in.readNBytes(sent.length);
		assertThat(new String(received, StandardCharsets.US_ASCII)).isEqualTo(text);
	}

}
