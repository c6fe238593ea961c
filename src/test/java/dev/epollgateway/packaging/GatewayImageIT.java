package dev.epollgateway.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

import static dev.epollgateway.packaging.GatewayContainer.asList;
import static dev.epollgateway.packaging.GatewayContainer.asMap;
import static dev.epollgateway.packaging.GatewayContainer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Builds the image from the top-level Dockerfile and runs the gateway in it (see {@link GatewayContainer}): one
 * container configured through the environment for most tests, and one configured by the chart's rendered
 * ConfigMap for the stop.
 * <p>
 * Without a Docker engine the tests are skipped, unless {@code gateway.it.requireDocker} (or
 * {@code GATEWAY_IT_REQUIRE_DOCKER}) is true, as in CI, where they fail.
 */
class GatewayImageIT {

	private static final String VIEWER_PASSWORD = "viewer-" + Long.toHexString(new Random().nextLong());

	private static final String ADMIN_PASSWORD = "admin-" + Long.toHexString(new Random().nextLong());

	private static ImageFromDockerfile image;

	private static GatewayContainer gateway;

	private static boolean dockerMissing;

	@BeforeAll
	static void buildImageAndStartGateway() {
		if (!DockerEnvironment.dockerAvailable()) {
			if (DockerEnvironment.dockerRequired()) {
				fail("No Docker engine answers, but gateway.it.requireDocker/GATEWAY_IT_REQUIRE_DOCKER is true: "
						+ "start dockerd (see .ci/run)");
			}
			dockerMissing = true;
			return;
		}
		image = image();
		gateway = GatewayContainer.fromEnvironment(image, VIEWER_PASSWORD, ADMIN_PASSWORD);
	}

	@BeforeEach
	void skipWithoutDocker() {
		Assumptions.assumeFalse(dockerMissing,
				"No Docker engine: container test skipped (gateway.it.requireDocker=true makes it fail)");
	}

	@AfterAll
	static void stopGateway() {
		if (gateway != null) {
			gateway.container.stop();
		}
	}

	@Test
	void echoesBytesExactlyThroughTheContainer() throws Exception {
		try (Socket socket = gateway.connect()) {
			for (String message : List.of("hello epoll\n", "\u00e9\u00e8\u00ea\u20ac\n", "\r\n")) {
				byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
				socket.getOutputStream().write(bytes);
				assertThat(socket.getInputStream().readNBytes(bytes.length)).isEqualTo(bytes);
			}
			byte[] payload = randomBytes(1 << 20, 7);
			CompletableFuture<Void> writer = writeAsync(socket.getOutputStream(), payload);
			assertThat(socket.getInputStream().readNBytes(payload.length)).isEqualTo(payload);
			writer.get(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void adminApiListsConnectionsAndSwitchesTheModeWithTheConfiguredCredentials() throws Exception {
		try (Socket socket = gateway.connect()) {
			echo(socket, "before the switch");
			int clientPort = socket.getLocalPort();

			HttpResponse<String> list = gateway.admin("GET", "/api/v1/connections", "viewer", VIEWER_PASSWORD, null);
			assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
			List<Object> items = asList(json(list.body()).get("items"));
			assertThat(items).as(list.body())
				.anySatisfy((item) -> assertThat(asMap(item)).containsEntry("remotePort", clientPort));

			assertThat(gateway.admin("GET", "/api/v1/connections", "viewer", "wrong", null).statusCode())
				.isEqualTo(401);
			assertThat(gateway.admin("GET", "/api/v1/connections", null, null, null).statusCode()).isEqualTo(401);
			assertThat(gateway.admin("PUT", "/api/v1/engine/trigger-mode", "viewer", VIEWER_PASSWORD,
					"{\"mode\":\"edge\"}")
				.statusCode()).isEqualTo(403);

			for (String mode : List.of("edge", "oneshot", "level")) {
				HttpResponse<String> switched = gateway.admin("PUT", "/api/v1/engine/trigger-mode", "admin",
						ADMIN_PASSWORD, "{\"mode\":\"" + mode + "\"}");
				assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
				assertThat(json(switched.body())).containsEntry("current", mode.toUpperCase(Locale.ROOT));
				HttpResponse<String> engine = gateway.admin("GET", "/api/v1/engine", "viewer", VIEWER_PASSWORD, null);
				assertThat(json(engine.body())).containsEntry("triggerMode", mode.toUpperCase(Locale.ROOT));
				echo(socket, "after switching to " + mode);
			}
		}
	}

	@Test
	void actuatorReportsHealthAndPrometheusMetrics() throws Exception {
		try (Socket socket = gateway.connect()) {
			echo(socket, "counted");
		}
		for (String probe : List.of("liveness", "readiness")) {
			HttpResponse<String> health = gateway.management("/actuator/health/" + probe, null, null);
			assertThat(health.statusCode()).as(probe).isEqualTo(200);
			assertThat(json(health.body())).as(probe).containsEntry("status", "UP");
		}
		assertThat(gateway.management("/actuator/prometheus", null, null).statusCode()).isEqualTo(401);
		HttpResponse<String> metrics = gateway.management("/actuator/prometheus", "viewer", VIEWER_PASSWORD);
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).containsPattern("(?m)^gateway_connections_active(\\{[^}]*\\})? ")
			.containsPattern("(?m)^gateway_io_read_bytes_total(\\{[^}]*\\})? [1-9]");
		// The image's HEALTHCHECK (curl on the liveness probe, every 10 s) must find the same.
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(gateway.inspect().getState().getHealth().getStatus()).isEqualTo("healthy"));
	}

	@Test
	void runsAsNonRootUserOnAReadOnlyRootFilesystem() throws Exception {
		InspectContainerResponse inspection = gateway.inspect();
		assertThat(inspection.getConfig().getUser()).isEqualTo("10001:10001");
		assertThat(inspection.getHostConfig().getReadonlyRootfs()).isTrue();
		// The uid of the JVM itself, whoever started it.
		var javaUids = gateway.container.execInContainer("sh", "-c",
				"for d in /proc/[0-9]*; do if tr '\\0' ' ' < $d/cmdline | grep -q '^java '; then "
						+ "awk '/^Uid:/ { print $2, $3 }' $d/status; fi; done");
		assertThat(javaUids.getStdout().trim()).as(javaUids.getStderr()).isEqualTo("10001 10001");
		assertThat(gateway.container.execInContainer("touch", "/application/probe").getExitCode()).isNotZero();
		// JNA unpacked its native library (and deleted it once loaded) where -Djna.tmpdir points: the tmpfs.
		assertThat(gateway.container.execInContainer("test", "-d", "/tmp/jna").getExitCode()).isZero();
	}

	@Test
	void dockerStopDrainsBytesInFlightAndExitsZero() throws Exception {
		// Configured the way the Helm chart configures a pod. The client reads nothing until the stop and keeps a
		// small receive buffer; the gateway's socket send buffer grows to at most net.ipv4.tcp_wmem's maximum; a
		// payload larger than that, under a high watermark larger still, is all taken in by the gateway, which must
		// hold megabytes of it in its own write backlog.
		int mebibyte = 1 << 20;
		int payloadMiB = Math.max(8, (int) (maxSocketSendBuffer() / mebibyte) + 4);
		GatewayContainer stopping = GatewayContainer.fromChart(image, VIEWER_PASSWORD, ADMIN_PASSWORD,
				Map.of("engine.triggerMode", "edge", "engine.writeHighWatermark", (2 * payloadMiB) + "MB",
						"engine.writeLowWatermark", payloadMiB + "MB"));
		try {
			assertThat(stopping.logs.toUtf8String())
				.contains("epoll engine listening on 0.0.0.0:" + stopping.echoPort + " (1 loop, EDGE mode");
			byte[] payload = randomBytes(payloadMiB * mebibyte, 11);
			try (Socket socket = stopping.connect(16 * 1024)) {
				socket.getOutputStream().write(payload);
				int clientPort = socket.getLocalPort();
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					Map<String, Object> connection = stopping.connection(clientPort);
					assertThat(((Number) connection.get("bytesIn")).longValue()).isEqualTo(payload.length);
					assertThat(((Number) connection.get("writeBacklogBytes")).longValue()).isPositive();
				});

				DockerClient docker = DockerClientFactory.instance().client();
				String id = stopping.container.getContainerId();
				CompletableFuture<Void> stop = CompletableFuture
					.runAsync(() -> docker.stopContainerCmd(id).withTimeout(60).exec());
				// Read only once the drain has begun (the admin API stays up while the engine drains), so the
				// drain is what delivers the backlog; it cannot end before we read, the backlog being ours.
				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
					HttpResponse<String> engine = stopping.admin("GET", "/api/v1/engine", "viewer", VIEWER_PASSWORD,
							null);
					assertThat(json(engine.body())).containsEntry("state", "DRAINING");
				});
				Number backlog = (Number) stopping.connection(clientPort).get("writeBacklogBytes");
				assertThat(backlog.longValue()).as("bytes waiting in the gateway as the drain begins").isPositive();

				InputStream in = socket.getInputStream();
				socket.setSoTimeout(60_000);
				assertThat(in.readNBytes(payload.length)).isEqualTo(payload);
				assertThat(in.read()).as("end of stream after the echo").isEqualTo(-1);
				socket.close();

				stop.get(90, TimeUnit.SECONDS);
				InspectContainerResponse.ContainerState state = stopping.inspect().getState();
				assertThat(state.getRunning()).isFalse();
				assertThat(state.getExitCodeLong()).as(stopping.logs.toUtf8String()).isZero();
				// The log consumer follows its own stream, which may deliver the last lines after the exit.
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(stopping.logs.toUtf8String())
						.contains("epoll engine drained 1 connection"));
			}
		}
		finally {
			stopping.container.stop();
		}
	}

	private static ImageFromDockerfile image() {
		Path project = DockerEnvironment.projectDirectory();
		ImageFromDockerfile image = new ImageFromDockerfile("epoll-gateway-it:latest", false);
		for (Path file : BuildContext.files(project)) {
			image.withFileFromPath(file.toString(), project.resolve(file));
		}
		image.withBuildArg("JAR_FILE", DockerEnvironment.jar().toString());
		DockerEnvironment.baseImage().ifPresent((base) -> image.withBuildArg("BASE_IMAGE", base));
		return image;
	}

	private static void echo(Socket socket, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		socket.getOutputStream().write(bytes);
		assertThat(socket.getInputStream().readNBytes(bytes.length)).isEqualTo(bytes);
	}

	private static CompletableFuture<Void> writeAsync(OutputStream out, byte[] payload) {
		return CompletableFuture.runAsync(() -> {
			try {
				out.write(payload);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/** The most a TCP socket's send buffer autotunes to; the host's, which the host-networked gateway shares. */
	private static long maxSocketSendBuffer() throws IOException {
		// Read as a stream: Files.readString trusts the size /proc reports and returns one byte.
		try (InputStream in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/tcp_wmem"))) {
			String[] wmem = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
			return Long.parseLong(wmem[2]);
		}
	}

	private static byte[] randomBytes(int length, long seed) {
		byte[] bytes = new byte[length];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

}
