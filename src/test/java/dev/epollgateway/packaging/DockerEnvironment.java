package dev.epollgateway.packaging;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.testcontainers.DockerClientFactory;

/**
 * What the container tests need to know about the machine's Docker engine and the build, from system properties
 * (failsafe) or the environment ({@code .ci/run}).
 * <ul>
 * <li>{@code gateway.it.requireDocker} / {@code GATEWAY_IT_REQUIRE_DOCKER}: without Docker, fail instead of
 * skipping (CI sets it).</li>
 * <li>{@code gateway.it.baseImage} / {@code GATEWAY_IT_BASE_IMAGE}: the Dockerfile's {@code BASE_IMAGE} build
 * argument, for a machine that cannot pull the default Temurin image.</li>
 * <li>{@code gateway.it.jar}: the jar {@code ./mvnw package} built (set by the pom).</li>
 * </ul>
 */
final class DockerEnvironment {

	/** Testcontainers 2.0.2+ speaks API 1.44 unless told otherwise; older engines reject it. */
	private static final String DEFAULT_CLIENT_API = "1.44";

	private static final Pattern API_VERSION_HEADER = Pattern.compile("(?im)^api-version:\\s*([0-9]+\\.[0-9]+)\\s*$");

	private DockerEnvironment() {
	}

	static boolean dockerRequired() {
		return Boolean.parseBoolean(setting("gateway.it.requireDocker", "GATEWAY_IT_REQUIRE_DOCKER").orElse("false"));
	}

	static Optional<String> baseImage() {
		return setting("gateway.it.baseImage", "GATEWAY_IT_BASE_IMAGE").filter((image) -> !image.isBlank());
	}

	static Path projectDirectory() {
		return Path.of("").toAbsolutePath();
	}

	/** The jar to put in the image, relative to the project directory. */
	static Path jar() {
		Path jar = Path.of(System.getProperty("gateway.it.jar", "target/epoll-gateway-0.1.0-SNAPSHOT.jar"));
		Path absolute = projectDirectory().resolve(jar).normalize();
		if (!Files.isRegularFile(absolute)) {
			throw new IllegalStateException(absolute + " does not exist: run ./mvnw package (or verify) first");
		}
		return projectDirectory().relativize(absolute);
	}

	/**
	 * Whether Docker answers. Before Testcontainers builds its client, pins the client API version to the engine's
	 * when the engine is older than Testcontainers' default (Debian 12's docker.io is 20.10, API 1.41): this is the
	 * version negotiation Testcontainers does not do.
	 */
	static boolean dockerAvailable() {
		if (System.getProperty("api.version") == null) {
			engineApiVersion().filter((version) -> compare(version, DEFAULT_CLIENT_API) < 0)
				.ifPresent((version) -> System.setProperty("api.version", version));
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** The newest API version of the engine on the local Unix socket, from the header of {@code GET /_ping}. */
	private static Optional<String> engineApiVersion() {
		String host = System.getenv("DOCKER_HOST");
		if (host != null && !host.startsWith("unix://")) {
			return Optional.empty();
		}
		Path socket = Path.of((host != null) ? host.substring("unix://".length()) : "/var/run/docker.sock");
		if (!Files.exists(socket)) {
			return Optional.empty();
		}
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(socket));
			String ping = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n";
			channel.write(ByteBuffer.wrap(ping.getBytes(StandardCharsets.US_ASCII)));
			ByteBuffer response = ByteBuffer.allocate(4096);
			while (response.hasRemaining() && channel.read(response) > 0) {
				// HTTP/1.0: the engine closes the connection after the answer.
			}
			String head = new String(response.array(), 0, response.position(), StandardCharsets.US_ASCII);
			Matcher matcher = API_VERSION_HEADER.matcher(head);
			return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static int compare(String left, String right) {
		String[] a = left.split("\\.");
		String[] b = right.split("\\.");
		int major = Integer.compare(Integer.parseInt(a[0]), Integer.parseInt(b[0]));
		return (major != 0) ? major : Integer.compare(Integer.parseInt(a[1]), Integer.parseInt(b[1]));
	}

	private static Optional<String> setting(String property, String variable) {
		String value = System.getProperty(property);
		if (value == null || value.isBlank()) {
			value = System.getenv(variable);
		}
		return Optional.ofNullable(value).map(String::trim);
	}

}
