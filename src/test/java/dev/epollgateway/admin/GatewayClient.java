package dev.epollgateway.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests: real requests over loopback, with or without HTTP Basic credentials, answers read
 * as JSON trees. Uses the JDK client so the tests see exactly what goes over the wire.
 */
public final class GatewayClient {

	/** Test passwords, set on the test context. */
	public static final String VIEWER_PASSWORD = "viewer-test-password";

	public static final String OPERATOR_PASSWORD = "operator-test-password";

	public static final String ADMIN_PASSWORD = "admin-test-password";

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String baseUrl;

	private final String authorization;

	private GatewayClient(String baseUrl, String authorization) {
		this.baseUrl = baseUrl;
		this.authorization = authorization;
	}

	/** A client for {@code http://localhost:port} without credentials. */
	public static GatewayClient anonymous(int port) {
		return new GatewayClient("http://localhost:" + port, null);
	}

	/** A client for {@code http://localhost:port} as a user. */
	public static GatewayClient as(int port, String user, String password) {
		String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return new GatewayClient("http://localhost:" + port, "Basic " + token);
	}

	public static GatewayClient viewer(int port) {
		return as(port, "viewer", VIEWER_PASSWORD);
	}

	public static GatewayClient operator(int port) {
		return as(port, "operator", OPERATOR_PASSWORD);
	}

	public static GatewayClient admin(int port) {
		return as(port, "admin", ADMIN_PASSWORD);
	}

	public Response get(String path) {
		return send("GET", path, null);
	}

	public Response delete(String path) {
		return send("DELETE", path, null);
	}

	public Response post(String path, String jsonBody) {
		return send("POST", path, jsonBody);
	}

	public Response put(String path, String jsonBody) {
		return send("PUT", path, jsonBody);
	}

	/** Sends a request; a null body sends none. */
	public Response send(String method, String path, String jsonBody) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (jsonBody != null) ? HttpRequest.BodyPublishers.ofString(jsonBody)
					: HttpRequest.BodyPublishers.noBody());
		if (jsonBody != null) {
			request.header("Content-Type", "application/json");
		}
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(method + " " + path, response.statusCode(),
					response.headers().firstValue("Content-Type").orElse(""), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An answer.
	 *
	 * @param request method and path, for assertion messages
	 * @param status the HTTP status
	 * @param contentType the Content-Type header
	 * @param body the body as text
	 */
	public record Response(String request, int status, String contentType, String body) {

		/** The body as a JSON tree. */
		public JsonNode json() {
			return json.readTree(this.body);
		}

		@Override
		public String toString() {
			return this.request + " -> " + this.status + " " + this.contentType + " " + this.body;
		}

	}

}
