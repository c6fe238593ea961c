package dev.epollgateway.packaging;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import org.springframework.boot.json.JsonParserFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One gateway running in a container built from the Dockerfile, with its host ports, its log and HTTP helpers for
 * the admin API and Actuator.
 * <p>
 * It runs the way an operator would run it: a read-only root filesystem with an exec-capable tmpfs at /tmp, the
 * passwords of viewer and admin from the environment (as from the chart's Secret). It uses the host's network (the
 * CI machine's Docker engine has no bridge), so it is given free host ports, and it is ready once the engine has
 * logged its start line and the readiness probe answers (an HTTP wait strategy would need mapped ports).
 */
final class GatewayContainer {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String viewerPassword;

	final GenericContainer<?> container;

	final ToStringConsumer logs = new ToStringConsumer();

	final int echoPort = freePort();

	final int adminPort = freePort();

	final int managementPort = freePort();

	private GatewayContainer(ImageFromDockerfile image, String viewerPassword, String adminPassword) {
		// The passwords come from the environment in both set-ups, as the chart's Secret provides them.
		this.viewerPassword = viewerPassword;
		this.container = new GenericContainer<>(image).withNetworkMode("host")
			.withEnv("GATEWAY_SECURITY_VIEWER_PASSWORD", viewerPassword)
			.withEnv("GATEWAY_SECURITY_ADMIN_PASSWORD", adminPassword)
			.withTmpFs(Map.of("/tmp", "rw,exec"))
			.withCreateContainerCmdModifier((create) -> create.getHostConfig().withReadonlyRootfs(true))
			.withLogConsumer(this.logs)
			.waitingFor(Wait.forLogMessage(".*epoll engine listening on .*\\n", 1)
				.withStartupTimeout(START_TIMEOUT));
	}

	/** Configured the {@code docker run} way: ports through the environment. */
	static GatewayContainer fromEnvironment(ImageFromDockerfile image, String viewerPassword, String adminPassword) {
		GatewayContainer gateway = new GatewayContainer(image, viewerPassword, adminPassword);
		gateway.container.withEnv("GATEWAY_ENGINE_PORT", String.valueOf(gateway.echoPort))
			.withEnv("SERVER_PORT", String.valueOf(gateway.adminPort))
			.withEnv("MANAGEMENT_SERVER_PORT", String.valueOf(gateway.managementPort));
		return gateway.start();
	}

	/**
	 * Configured the Kubernetes way: the chart's ConfigMap, rendered with these values and the ports, mounted
	 * where the chart's Deployment mounts it.
	 */
	static GatewayContainer fromChart(ImageFromDockerfile image, String viewerPassword, String adminPassword,
			Map<String, Object> values) throws IOException {
		GatewayContainer gateway = new GatewayContainer(image, viewerPassword, adminPassword);
		TemplateCommand template = new Helm(Path.of("helm", "epoll-gateway")).template()
			.withName("it")
			.withKubeVersion("1.32.0")
			.set("engine.port", gateway.echoPort)
			.set("admin.port", gateway.adminPort)
			.set("management.port", gateway.managementPort);
		values.forEach(template::set);
		String applicationYml = RenderedChart.parse(template.call()).applicationYamlText();
		Path file = Files.createTempFile("gateway-it-", ".yml",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
		file.toFile().deleteOnExit();
		Files.writeString(file, applicationYml, StandardCharsets.UTF_8);
		// Bound through the create command: withFileSystemBind would first pull an image to probe file mounting.
		gateway.container.withCreateContainerCmdModifier((create) -> create.getHostConfig()
			.withBinds(new Bind(file.toString(), new Volume("/application/config/application.yml"), AccessMode.ro)));
		return gateway.start();
	}

	private GatewayContainer start() {
		this.container.start();
		// The wait strategy follows the log on a stream of its own, so this consumer may see the line a little later.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.logs.toUtf8String())
				.contains("epoll engine listening on 0.0.0.0:" + this.echoPort));
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.until(() -> management("/actuator/health/readiness", null, null).statusCode() == 200);
		return this;
	}

	Socket connect() throws IOException {
		return connect(0);
	}

	/** A client socket; a positive receive buffer size is set before connecting, so the window stays small. */
	Socket connect(int receiveBufferSize) throws IOException {
		Socket socket = new Socket();
		if (receiveBufferSize > 0) {
			socket.setReceiveBufferSize(receiveBufferSize);
		}
		socket.connect(new InetSocketAddress("127.0.0.1", this.echoPort), 5000);
		socket.setSoTimeout(30_000);
		return socket;
	}

	InspectContainerResponse inspect() {
		return DockerClientFactory.instance().client().inspectContainerCmd(this.container.getContainerId()).exec();
	}

	/** The connection whose client side has this port, from the admin API. */
	Map<String, Object> connection(int clientPort) throws Exception {
		HttpResponse<String> list = admin("GET", "/api/v1/connections", "viewer", this.viewerPassword, null);
		return asList(json(list.body()).get("items")).stream()
			.map(GatewayContainer::asMap)
			.filter((item) -> ((Number) item.get("remotePort")).intValue() == clientPort)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no connection from port " + clientPort + ": " + list.body()));
	}

	HttpResponse<String> admin(String method, String path, String user, String password, String body)
			throws Exception {
		return send(this.adminPort, method, path, user, password, body);
	}

	HttpResponse<String> management(String path, String user, String password) throws Exception {
		return send(this.managementPort, "GET", path, user, password, null);
	}

	private static HttpResponse<String> send(int port, String method, String path, String user, String password,
			String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(20))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (user != null) {
			String credentials = user + ":" + password;
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static Map<String, Object> json(String body) {
		return JsonParserFactory.getJsonParser().parseMap(body);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> asMap(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> asList(Object value) {
		return (List<Object>) value;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
