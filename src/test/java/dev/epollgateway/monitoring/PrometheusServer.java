package dev.epollgateway.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server (Debian's {@code prometheus} binary) on a free loopback port, with its configuration and
 * its data in a directory of the test's, and a client for its HTTP API. Used from one test thread.
 */
final class PrometheusServer implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path log;

	private final String url;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private PrometheusServer(Process process, Path log, String url) {
		this.process = process;
		this.log = log;
		this.url = url;
	}

	/** Starts Prometheus with the configuration file and waits until it is ready. */
	static PrometheusServer start(Path directory, Path configuration) throws IOException, InterruptedException {
		int port = GatewayProcess.freePort();
		Path log = directory.resolve("prometheus.log");
		Process process = new ProcessBuilder(List.of(PrometheusTools.require("prometheus").toString(),
				"--config.file=" + configuration, "--storage.tsdb.path=" + directory.resolve("data"),
				"--web.listen-address=127.0.0.1:" + port, "--log.level=info"))
			.directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		PrometheusServer server = new PrometheusServer(process, log, "http://127.0.0.1:" + port);
		server.awaitReady();
		return server;
	}

	private void awaitReady() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new AssertionError("Prometheus exited with " + this.process.exitValue() + ":\n" + log());
			}
			try {
				if (get("/-/ready").statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(200);
		}
		throw new AssertionError("Prometheus was not ready within 60 s:\n" + log());
	}

	/**
	 * An instant query, answered as Prometheus' {@code data} object ({@code resultType}, {@code result}).
	 * @throws AssertionError when Prometheus reports an error (a PromQL fault, an unknown function)
	 */
	JsonNode query(String promql) throws IOException, InterruptedException {
		HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		JsonNode body = json.readTree(response.body());
		if (response.statusCode() != 200 || !"success".equals(body.path("status").asString())) {
			throw new AssertionError("Prometheus refused " + promql + ": " + response.statusCode() + " "
					+ response.body());
		}
		return body.path("data");
	}

	/** The result list of an instant query. */
	JsonNode result(String promql) throws IOException, InterruptedException {
		return query(promql).path("result");
	}

	/** {@code GET /api/v1/<path>}'s {@code data}. */
	JsonNode api(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = get("/api/v1/" + path);
		if (response.statusCode() != 200) {
			throw new AssertionError(path + ": " + response.statusCode() + " " + response.body());
		}
		return json.readTree(response.body()).path("data");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.url + path)).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	String log() throws IOException {
		return Files.readString(this.log, StandardCharsets.UTF_8);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
