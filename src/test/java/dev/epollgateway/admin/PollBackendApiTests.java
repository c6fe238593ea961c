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
 * The service on the poll backend: {@code GET /engine} shows it, and a switch to edge or oneshot is refused with a
 * problem naming both settings, the engine left as it was and still echoing.
 */
@TestPropertySource(properties = "gateway.engine.backend=poll")
class PollBackendApiTests extends GatewayTestSupport {

	@Test
	void engineViewShowsTheBackend() {
		GatewayClient.Response response = viewer().get("/api/v1/engine");
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		assertThat(response.json().path("backend").asString()).isEqualTo("POLL");
		assertThat(response.json().path("triggerMode").asString()).isEqualTo("LEVEL");
	}

	@Test
	void aSwitchToEdgeOrOneshotIsRefusedNamingBothSettingsAndChangesNothing() throws IOException {
		try (Socket client = new Socket(InetAddress.getLoopbackAddress(), echoPort())) {
			client.setSoTimeout(5000);
			assertEchoes(client, "before");
			for (String mode : new String[] { "edge", "oneshot" }) {
				GatewayClient.Response response = admin().put("/api/v1/engine/trigger-mode",
						"{\"mode\":\"" + mode + "\"}");
				assertThat(response.status()).as("%s", response).isEqualTo(409);
				assertThat(response.contentType()).startsWith("application/problem+json");
				assertThat(response.json().path("code").asString()).isEqualTo("UNSUPPORTED_BY_BACKEND");
				assertThat(response.json().path("detail").asString())
					.contains("gateway.engine.trigger-mode=" + mode)
					.contains("gateway.engine.backend=epoll")
					.contains("poll is level-triggered only");
			}
			assertThat(viewer().get("/api/v1/engine").json().path("triggerMode").asString()).isEqualTo("LEVEL");
			assertThat(this.engine.statistics().modeSwitches().count()).isZero();
			assertEchoes(client, "after the refusals");
		}
	}

	@Test
	void aSwitchToExclusiveIsRefusedNamingBothSettings() {
		GatewayClient.Response response = admin().put("/api/v1/engine/accept-distribution",
				"{\"distribution\":\"exclusive\"}");
		assertThat(response.status()).as("%s", response).isEqualTo(409);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).isEqualTo("UNSUPPORTED_BY_BACKEND");
		assertThat(response.json().path("detail").asString()).contains("gateway.engine.accept-distribution=exclusive")
			.contains("gateway.engine.backend=epoll");
		assertThat(viewer().get("/api/v1/engine").json().path("acceptDistribution").asString())
			.isEqualTo("REUSEPORT");
	}

	private static void assertEchoes(Socket client, String text) throws IOException {
		byte[] sent = text.getBytes(StandardCharsets.US_ASCII);
		OutputStream out = client.getOutputStream();
		out.write(sent);
		InputStream in = client.getInputStream();
		assertThat(in.readNBytes(sent.length)).isEqualTo(sent);
	}

}
