package dev.epollgateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The application jar as the admin and console workloads run it: pinned to the server core like every bench server,
 * on three new ports (echo, API, management), every setting at its default but the port numbers, the connection
 * limit that the idle connections need, a short drain on exit and a known viewer password.
 * <p>
 * Threading: the runner's control thread.
 */
final class ApplicationJar {

	/** The viewer's password: the API as HTTP Basic, the console by its sign-in form. */
	static final String VIEWER_PASSWORD = "bench-viewer";

	private final BenchOptions options;

	private final int echoPort;

	private final int httpPort;

	private final int managementPort;

	ApplicationJar(BenchOptions options, Workloads workloads) throws IOException {
		if (!Files.isRegularFile(options.jar())) {
			throw new IOException("no application jar at " + options.jar() + " (run.sh builds it)");
		}
		this.options = options;
		this.echoPort = workloads.nextPort();
		this.httpPort = workloads.nextPort();
		this.managementPort = workloads.nextPort();
	}

	/**
	 * Starts the application; it answers once {@link Lister#awaitAnswer} has seen the API.
	 * @param settings application arguments beside these (none for the application's defaults)
	 */
	ServerProcess start(List<String> settings, String logName, Workloads workloads) throws IOException {
		List<String> args = new ArrayList<>(this.options.serverJvmOptions());
		args.addAll(List.of("-jar", this.options.jar().toString(), "--gateway.engine.host=127.0.0.1",
				"--gateway.engine.port=" + this.echoPort, "--gateway.engine.max-connections=19000",
				"--gateway.engine.drain-timeout=1s", "--server.address=127.0.0.1", "--server.port=" + this.httpPort,
				"--management.server.port=" + this.managementPort,
				"--gateway.security.viewer-password=" + VIEWER_PASSWORD));
		args.addAll(settings);
		return ServerProcess.startCommand(this.options, args, workloads.log(logName));
	}

	InetSocketAddress echoAddress() {
		return new InetSocketAddress("127.0.0.1", this.echoPort);
	}

	int httpPort() {
		return this.httpPort;
	}

	/** An address on the API port, e.g. {@code /api/v1/connections?limit=100}. */
	URI api(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.httpPort + pathAndQuery);
	}

	/** A viewer reading one API page back to back (HTTP Basic), which also tells when the application has started. */
	Lister lister(String pathAndQuery) {
		return new Lister(api(pathAndQuery), "viewer", VIEWER_PASSWORD);
	}

}
