package dev.epollgateway.engine;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The parent's handle on a {@link FdLimitedEngineMain} child JVM started under {@code ulimit -n}: commands go to
 * its stdin, answers come back as {@code key=value} lines; its stderr is kept for failure messages.
 */
final class ChildEngine implements AutoCloseable {

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

	private final Process process;

	private final PrintStream commands;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final StringBuffer stderr = new StringBuffer();

	private final Map<String, Long> ready;

	private ChildEngine(Process process) throws InterruptedException {
		this.process = process;
		this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
		pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), true);
		pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false);
		this.ready = answer("READY");
	}

	/**
	 * Starts the engine in a child JVM whose open-files limit is {@code openFiles}; the classpath is this JVM's,
	 * keeping only what the engine needs (class directories, JNA and the SLF4J API, which logs nothing without a
	 * provider) so that the child opens few jars.
	 */
	static ChildEngine start(int openFiles, TriggerMode mode) throws IOException, InterruptedException {
		return start(openFiles, mode, false);
	}

	/** Like {@link #start(int, TriggerMode)}, with a child thread that keeps opening and closing an fd. */
	static ChildEngine startWithFdChurn(int openFiles, TriggerMode mode) throws IOException, InterruptedException {
		return start(openFiles, mode, true);
	}

	private static ChildEngine start(int openFiles, TriggerMode mode, boolean churn)
			throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter(ChildEngine::neededByTheEngine)
			.collect(Collectors.joining(File.pathSeparator));
		List<String> command = List.of("bash", "-c",
				"ulimit -n " + openFiles + " && exec \"$0\" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "
						+ "-Xss512k -cp \"$1\" " + FdLimitedEngineMain.class.getName() + " \"$2\" \"$3\"",
				java, classpath, mode.name(), churn ? "churn" : "");
		return new ChildEngine(new ProcessBuilder(command).start());
	}

	private static boolean neededByTheEngine(String entry) {
		File file = new File(entry);
		String name = file.getName();
		return file.isDirectory() || name.startsWith("jna-") || name.startsWith("slf4j-api-");
	}

	/** Where the child's engine listens. */
	InetSocketAddress address() {
		return new InetSocketAddress("127.0.0.1", this.ready.get("port").intValue());
	}

	/** Open fds of the child right after its engine started. */
	long fdsAtStart() {
		return this.ready.get("fds");
	}

	/** The child's statistics: fdLimit, maxConnections, iterations, active, accepted. */
	Map<String, Long> stats() throws InterruptedException {
		this.commands.println("STATS");
		return answer("STATS");
	}

	private Map<String, Long> answer(String kind) throws InterruptedException {
		long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
		while (true) {
			String line = this.lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (line == null) {
				throw new AssertionError("the child engine gave no " + kind + " line within " + ANSWER_TIMEOUT
						+ (this.process.isAlive() ? "" : " (exited with " + this.process.exitValue() + ")")
						+ "; stderr: " + this.stderr);
			}
			if (line.startsWith("ERROR ")) {
				throw new AssertionError("the child engine failed a command: " + line + "; stderr: " + this.stderr);
			}
			if (line.startsWith(kind + " ")) {
				Map<String, Long> values = new HashMap<>();
				for (String pair : line.substring(kind.length() + 1).trim().split("\\s+")) {
					String[] parts = pair.split("=", 2);
					values.put(parts[0], Long.parseLong(parts[1]));
				}
				return values;
			}
		}
	}

	private void pump(BufferedReader reader, boolean stdout) {
		Thread thread = new Thread(() -> {
			try {
				String line;
				while ((line = reader.readLine()) != null) {
					if (stdout) {
						this.lines.add(line);
					}
					else if (this.stderr.length() < 20_000) {
						this.stderr.append(line).append('\n');
					}
				}
			}
			catch (IOException ex) {
				// The child is gone.
			}
		}, "child-engine-" + (stdout ? "stdout" : "stderr"));
		thread.setDaemon(true);
		thread.start();
	}

	/** Stops the engine and waits (bounded) for the child to exit; its exit code. */
	int stop() throws InterruptedException {
		this.commands.println("STOP");
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new AssertionError("the child engine did not exit within 30 s after STOP; stderr: " + this.stderr);
		}
		return this.process.exitValue();
	}

	String stderr() {
		return this.stderr.toString();
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
