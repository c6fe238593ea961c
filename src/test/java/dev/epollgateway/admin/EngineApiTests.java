package dev.epollgateway.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine through the API: a live trigger-mode switch is seen the same way by {@code GET /engine}, by
 * {@code /actuator/epoll}, by the connection listing and, independently, by the kernel in
 * {@code /proc/self/fdinfo/<epfd>} (the engine runs in this test's process), while clients keep echoing.
 */
class EngineApiTests extends GatewayTestSupport {

	private static final long EPOLLET = 1L << 31;

	private static final long EPOLLONESHOT = 1L << 30;

	private static final Pattern TFD = Pattern.compile("tfd:\\s+(\\d+)\\s+events:\\s+([0-9a-fA-F]+)");

	@Test
	void engineViewShowsStateModeAndSettings() {
		GatewayClient.Response response = viewer().get("/api/v1/engine");
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		JsonNode engine = response.json();
		assertThat(engine.path("state").asString()).isEqualTo("RUNNING");
		assertThat(engine.path("triggerMode").asString()).isEqualTo("LEVEL");
		assertThat(engine.path("loops").asInt()).isEqualTo(1);
		assertThat(engine.path("host").asString()).isEqualTo("127.0.0.1");
		assertThat(engine.path("port").asInt()).isEqualTo(echoPort());
		// Unset: the open-file limit less the reserve, which leaves room for 10,000 idle and 100 active connections.
		assertThat(engine.path("maxConnections").asLong())
			.isEqualTo(dev.epollgateway.engine.OpenFileLimit.current().connectionsAllowed(1));
		assertThat(engine.path("idleTimeoutMs").asLong()).isZero();
		assertThat(engine.path("activeConnections").isNumber()).isTrue();
		assertThat(engine.path("drainDeadline").isNull()).isTrue();
	}

	@Test
	void aModeSwitchThroughTheApiShowsInTheEngineTheEpollEndpointAndTheKernel() throws IOException {
		try (EchoClient first = EchoClient.connect(echoPort()); EchoClient second = EchoClient.connect(echoPort())) {
			first.echoAndCheck(100);
			second.echoAndCheck(100);
			Map<Integer, Integer> fdByPort = fdsByClientPort();
			int firstFd = fdByPort.get(first.localPort());
			int secondFd = fdByPort.get(second.localPort());
			long switchesBefore = actuator().get("/actuator/epoll").json().path("modeSwitches").path("count").asLong();
			try {
				GatewayClient.Response toEdge = admin().put("/api/v1/engine/trigger-mode", "{\"mode\":\"Edge\"}");
				assertThat(toEdge.status()).as("%s", toEdge).isEqualTo(200);
				assertThat(toEdge.json().path("previous").asString()).isEqualTo("LEVEL");
				assertThat(toEdge.json().path("current").asString()).isEqualTo("EDGE");
				assertThat(toEdge.json().path("connectionsRearmed").asInt()).isGreaterThanOrEqualTo(2);
				assertThat(toEdge.json().path("switchMicros").asLong()).isNotNegative();

				assertThat(viewer().get("/api/v1/engine").json().path("triggerMode").asString()).isEqualTo("EDGE");
				JsonNode epoll = actuator().get("/actuator/epoll").json();
				assertThat(epoll.path("triggerMode").asString()).isEqualTo("EDGE");
				assertThat(epoll.path("modeSwitches").path("count").asLong()).isEqualTo(switchesBefore + 1);
				JsonNode loop = epoll.path("interestList").path("loops").get(0);
				assertThat(loop.path("agrees").asBoolean()).as("%s", loop).isTrue();
				assertThat(loop.path("kernelByMask").propertyNames()).as("%s", loop)
					.isNotEmpty()
					.allSatisfy((mask) -> assertThat(mask).contains("EPOLLET"));
				int epfd = loop.path("epfd").asInt();
				Map<Integer, Long> kernel = kernelMasks(epfd);
				assertThat(kernel.get(firstFd) & EPOLLET).as("kernel mask of fd %d", firstFd).isEqualTo(EPOLLET);
				assertThat(kernel.get(secondFd) & EPOLLET).as("kernel mask of fd %d", secondFd).isEqualTo(EPOLLET);
				assertThat(kernel.get(firstFd) & EPOLLONESHOT).isZero();
				assertThat(interestOf(first.localPort())).contains("EPOLLIN", "EPOLLET");
				first.echoAndCheck(200_000);
				second.echoAndCheck(7);

				GatewayClient.Response toOneshot = admin().put("/api/v1/engine/trigger-mode", "{\"mode\":\"ONESHOT\"}");
				assertThat(toOneshot.status()).as("%s", toOneshot).isEqualTo(200);
				assertThat(toOneshot.json().path("previous").asString()).isEqualTo("EDGE");
				assertThat(viewer().get("/api/v1/engine").json().path("triggerMode").asString())
					.isEqualTo("ONESHOT");
				first.echoAndCheck(100_000);
				kernel = kernelMasks(epfd);
				assertThat(kernel.get(firstFd) & (EPOLLET | EPOLLONESHOT)).isEqualTo(EPOLLET | EPOLLONESHOT);
				assertThat(kernel.get(secondFd) & (EPOLLET | EPOLLONESHOT)).isEqualTo(EPOLLET | EPOLLONESHOT);
				assertThat(actuator().get("/actuator/epoll").json().path("triggerMode").asString())
					.isEqualTo("ONESHOT");
			}
			finally {
				admin().put("/api/v1/engine/trigger-mode", "{\"mode\":\"level\"}");
			}
			int epfd = actuator().get("/actuator/epoll").json().path("interestList").path("loops").get(0)
				.path("epfd").asInt();
			Map<Integer, Long> kernel = kernelMasks(epfd);
			assertThat(kernel.get(firstFd) & (EPOLLET | EPOLLONESHOT)).as("level again").isZero();
			assertThat(kernel.get(secondFd) & (EPOLLET | EPOLLONESHOT)).as("level again").isZero();
			assertThat(viewer().get("/api/v1/engine").json().path("triggerMode").asString()).isEqualTo("LEVEL");
			first.echoAndCheck(50_000);
			second.echoAndCheck(50_000);
		}
	}

	/** The kernel's interest list of an epoll instance: fd to events mask, from {@code /proc/self/fdinfo}. */
	private static Map<Integer, Long> kernelMasks(int epfd) throws IOException {
		Map<Integer, Long> masks = new HashMap<>();
		for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + epfd))) {
			Matcher matcher = TFD.matcher(line);
			if (matcher.find()) {
				masks.put(Integer.parseInt(matcher.group(1)), Long.parseLong(matcher.group(2), 16));
			}
		}
		assertThat(masks).as("tfd lines of epoll fd %d", epfd).isNotEmpty();
		return masks;
	}

	private Map<Integer, Integer> fdsByClientPort() {
		Map<Integer, Integer> fds = new HashMap<>();
		for (JsonNode item : viewer().get("/api/v1/connections?remote=127.0.0.1&limit=1000").json().path("items")) {
			fds.put(item.path("remotePort").asInt(), item.path("fd").asInt());
		}
		return fds;
	}

	private List<String> interestOf(int clientPort) {
		for (JsonNode item : viewer().get("/api/v1/connections?remote=127.0.0.1&limit=1000").json().path("items")) {
			if (item.path("remotePort").asInt() == clientPort) {
				return item.path("interest").valueStream().map(JsonNode::asString).toList();
			}
		}
		throw new AssertionError("client port " + clientPort + " not listed");
	}

}
