package dev.epollgateway.monitoring;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway jar ({@code ./mvnw package}; Failsafe passes its path as {@code gateway.it.jar}) run as its
 * own JVM, the way an operator runs it, on free loopback ports, with its console output in a file. Used from one
 * test thread.
 */
final class GatewayProcess implements AutoCloseable {

	static final String VIEWER_PASSWORD = "viewer-it-password";

	static final String OPERATOR_PASSWORD = "operator-it-password";

	static final String ADMIN_PASSWORD = "admin-it-password";

	private final Process process;

	private final Path log;

	private final int echoPort;

	private final int adminPort;

	private final int managementPort;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private GatewayProcess(Process process, Path log, int echoPort, int adminPort, int managementPort) {
		this.process = process;
		this.log = log;
		this.echoPort = echoPort;
		this.adminPort = adminPort;
		this.managementPort = managementPort;
	}

	/**
	 * Starts the jar in the directory (so no operator's {@code application.yml} is read) with the extra Spring
	 * arguments, and waits until its readiness probe answers 200.
	 */
	static GatewayProcess start(Path directory, String... extraArguments) throws IOException, InterruptedException {
		String jar = System.getProperty("gateway.it.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new AssertionError("gateway.it.jar (" + jar + ") is not the packaged jar: run through ./mvnw verify");
		}
		int echoPort = freePort();
		int adminPort = freePort();
		int managementPort = freePort();
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar,
				"--gateway.engine.host=127.0.0.1", "--gateway.engine.port=" + echoPort, "--server.port=" + adminPort,
				"--server.address=127.0.0.1", "--management.server.port=" + managementPort,
				"--management.server.address=127.0.0.1", "--gateway.security.viewer-password=" + VIEWER_PASSWORD,
				"--gateway.security.operator-password=" + OPERATOR_PASSWORD,
				"--gateway.security.admin-password=" + ADMIN_PASSWORD));
		command.addAll(List.of(extraArguments));
		Path log = directory.resolve("gateway.log");
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		GatewayProcess gateway = new GatewayProcess(process, log, echoPort, adminPort, managementPort);
		gateway.awaitReady();
		return gateway;
	}

	private void awaitReady() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new AssertionError("The gateway exited with " + this.process.exitValue() + ":\n" + log());
			}
			try {
				if (get(URI.create(managementUrl() + "/actuator/health/readiness"), null, null).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		throw new AssertionError("The gateway was not ready within 120 s:\n" + log());
	}

	int echoPort() {
		return this.echoPort;
	}

	int managementPort() {
		return this.managementPort;
	}

	String managementUrl() {
		return "http://127.0.0.1:" + this.managementPort;
	}

	String adminUrl() {
		return "http://127.0.0.1:" + this.adminPort;
	}

	/** Everything the gateway has written to its console so far. */
	String log() throws IOException {
		return Files.readString(this.log, StandardCharsets.UTF_8);
	}

	HttpResponse<String> get(URI uri, String user, String password) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri).GET(), user, password);
	}

	/** A JSON request to the admin API as the user. */
	HttpResponse<String> call(String method, String path, String json, String user, String password)
			throws IOException, InterruptedException {
		HttpRequest.BodyPublisher body = (json != null) ? HttpRequest.BodyPublishers.ofString(json)
				: HttpRequest.BodyPublishers.noBody();
		return send(HttpRequest.newBuilder(URI.create(adminUrl() + path))
			.header("Content-Type", "application/json")
			.method(method, body), user, password);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, String user, String password)
			throws IOException, InterruptedException {
		if (user != null) {
			String token = Base64.getEncoder()
				.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
			request.header("Authorization", "Basic " + token);
		}
		return this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
