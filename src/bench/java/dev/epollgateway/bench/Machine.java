package dev.epollgateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine the benchmark ran on, as the results print it, and the kernel's clock tick for {@code /proc} CPU times.
 *
 * @param facts name and value, in print order
 * @param clockTicksPerSecond {@code getconf CLK_TCK}
 */
record Machine(Map<String, String> facts, long clockTicksPerSecond) {

	static Machine describe(BenchOptions options) throws IOException, InterruptedException {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("started", Instant.now().toString());
		facts.put("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " core(s) visible to the"
				+ " generator; " + run("nproc", "--all") + " in all");
		facts.put("kernel", run("uname", "-srm"));
		facts.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		facts.put("pinning", "servers on core " + options.serverCore() + " (taskset), load generator on "
				+ run("taskset", "-cp", String.valueOf(ProcessHandle.current().pid())).replaceAll(".*: ", "core "));
		facts.put("server JVM", String.join(" ", options.serverJvmOptions()));
		facts.put("open files per process", limit("Max open files"));
		facts.put("somaxconn", BenchRunner.read(Path.of("/proc/sys/net/core/somaxconn")));
		facts.put("load average at start", BenchRunner.read(Path.of("/proc/loadavg")));
		long ticks = Long.parseLong(run("getconf", "CLK_TCK"));
		return new Machine(facts, ticks);
	}

	private static String cpuModel() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
			if (line.startsWith("model name")) {
				return line.substring(line.indexOf(':') + 1).trim();
			}
		}
		return "unknown cpu";
	}

	private static String limit(String name) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
			if (line.startsWith(name)) {
				return line.substring(name.length()).trim().split("\\s+")[0];
			}
		}
		return "?";
	}

	static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		process.waitFor();
		return output;
	}

}
