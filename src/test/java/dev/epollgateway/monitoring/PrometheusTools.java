package dev.epollgateway.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code prometheus} package tools ({@code promtool}, {@code prometheus}), which {@code .ci/run}
 * installs. A missing tool fails the test that needs it: it never skips.
 */
final class PrometheusTools {

	private PrometheusTools() {
	}

	/** The path of a tool on the {@code PATH} (or in {@code /usr/bin}); fails when it is not installed. */
	static Path require(String tool) {
		List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
		directories.add("/usr/bin");
		for (String directory : directories) {
			Path candidate = Path.of(directory.isEmpty() ? "." : directory, tool);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new AssertionError(tool + " is not installed: .ci/run installs it with Debian's prometheus package"
				+ " (apt-get install prometheus)");
	}

	/** Runs {@code promtool} with the arguments and standard input; its exit code and combined output. */
	static Result promtool(String stdin, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(require("promtool").toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try (var input = process.getOutputStream()) {
			if (stdin != null) {
				input.write(stdin.getBytes(StandardCharsets.UTF_8));
			}
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("promtool " + arguments[0] + " did not finish within 60 s");
		}
		return new Result(process.exitValue(), output);
	}

	/** A finished tool run. */
	record Result(int exitCode, String output) {
	}

}
