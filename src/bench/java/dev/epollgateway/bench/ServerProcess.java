package dev.epollgateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The runner's handle on one server process: started pinned to a core with {@code taskset}, its standard error in a
 * log file, and (for a {@link BenchServer}) commands answered over its standard input and output.
 */
final class ServerProcess implements AutoCloseable {

	/** Server kinds run by the plain C epoll server ({@code c-level}, {@code c-edge}) rather than a JVM. */
	static final String NATIVE_PREFIX = "c-";

	/** The C epoll echo server, {@code src/bench/c/epoll_echo_server.c}, as bench/run.sh builds it. */
	static final Path NATIVE_SERVER = Path.of("target/bench-c/epoll_echo_server");

	/** The java.nio peer on the JDK's poll(2) Selector rather than its epoll one. */
	static final String NIO_POLL = "nio-poll";

	/** The JDK's poll-based {@code SelectorProvider}, chosen by system property for {@link #NIO_POLL}. */
	static final String POLL_SELECTOR_PROVIDER = "sun.nio.ch.PollSelectorProvider";

	private final Process process;

	private final long pid;

	private final Path log;

	private final BufferedReader out;

	private final Writer in;

	private final boolean benchServer;

	private ServerProcess(Process process, long pid, Path log, boolean benchServer) {
		this.process = process;
		this.benchServer = benchServer;
		this.pid = pid;
		this.log = log;
		this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
	}

	/**
	 * Starts {@code BenchServer kind port} (or, for a {@code c-} kind, the C server) and waits for its ready line.
	 * @throws IOException with the server's own reason when it could not start
	 */
	static ServerProcess startBenchServer(BenchOptions options, String kind, int port, Path log) throws IOException {
		return startBenchServer(options, kind, port, List.of(), log);
	}

	/**
	 * The same with more arguments after the port ({@code <loops> <accept distribution>} for the accept-storm
	 * workload's {@code gateway-level}).
	 */
	static ServerProcess startBenchServer(BenchOptions options, String kind, int port, List<String> serverArgs,
			Path log) throws IOException {
		List<String> command = new ArrayList<>(List.of("taskset", "-c", options.serverCore()));
		if (kind.startsWith(NATIVE_PREFIX)) {
			// the C peer speaks the same protocol; bench/run.sh builds it with gcc
			command.addAll(List.of(NATIVE_SERVER.toString(), kind.substring(NATIVE_PREFIX.length()),
					String.valueOf(port)));
		}
		else {
			command.add(javaBinary());
			command.addAll(options.serverJvmOptions());
			if (kind.startsWith("gateway-") || kind.startsWith(BenchOptions.BASELINE_PREFIX)) {
				// as the image and java -jar run it: read and send through the JDK's JNI (Sockets.dataPathBinding)
				command.addAll(List.of("--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens",
						"java.base/java.io=ALL-UNNAMED"));
			}
			if (kind.equals(NIO_POLL)) {
				command.add("-Djava.nio.channels.spi.SelectorProvider=" + POLL_SELECTOR_PROVIDER);
			}
			if (options.jfr()) {
				String recording = log.toString().replaceAll("\\.log$", ".jfr");
				command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording);
			}
			// a base-* kind is the baseline checkout's gateway in the same mode
			String serverKind = kind.startsWith(BenchOptions.BASELINE_PREFIX)
					? "gateway-" + kind.substring(BenchOptions.BASELINE_PREFIX.length()) : kind;
			String classpath = kind.equals(ScalingWorkload.SELECT_SERVER) ? fewFdsClasspath(options.classpathOf(kind))
					: options.classpathOf(kind);
			command.addAll(List.of("-cp", classpath, BenchServer.class.getName(), serverKind,
					String.valueOf(port)));
			command.addAll(serverArgs);
		}
		Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
		ServerProcess server = new ServerProcess(process, process.pid(), log, true);
		String ready = server.readReply();
		if (!ready.startsWith("READY")) {
			server.process.destroyForcibly();
			throw new IOException(kind + " did not start: " + ready);
		}
		return server;
	}

	/** Starts any command pinned to the server core, standard output and error to the log (the full app). */
	static ServerProcess startCommand(BenchOptions options, List<String> args, Path log) throws IOException {
		List<String> command = new ArrayList<>(List.of("taskset", "-c", options.serverCore(), javaBinary()));
		command.addAll(args);
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new ServerProcess(process, process.pid(), log, false);
	}

	/** The jars the engine alone needs (JNA, SLF4J and its Logback binding): the rest open fds for nothing. */
	private static final List<String> ENGINE_JARS = List.of("jna-", "slf4j-api-", "logback-");

	/**
	 * A class path of the build folders and the engine's own jars only. Select watches fds below {@code FD_SETSIZE}
	 * (1024) only, and the JVM keeps one fd open per jar it has searched: SLF4J's {@code ServiceLoader} searches them
	 * all, and with the full bench class path (some 200 jars) the select server held 816 of 1,000 connections.
	 */
	static String fewFdsClasspath(String classpath) {
		List<String> kept = new ArrayList<>();
		for (String entry : classpath.split(java.io.File.pathSeparator)) {
			String name = Path.of(entry).getFileName().toString();
			if (!entry.endsWith(".jar") || ENGINE_JARS.stream().anyMatch(name::startsWith)) {
				kept.add(entry);
			}
		}
		return String.join(java.io.File.pathSeparator, kept);
	}

	static String javaBinary() {
		return ProcessHandle.current().info().command().orElse("java");
	}

	long pid() {
		return this.pid;
	}

	/** Whether this is a {@link BenchServer} that answers commands. */
	boolean isBenchServer() {
		return this.benchServer;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Sends one command and parses the {@code key=value} words of its answer. */
	Map<String, Long> command(String command) throws IOException {
		this.in.write(command + "\n");
		this.in.flush();
		String reply = readReply();
		if (reply.startsWith("ERROR") || reply.startsWith("FAILED")) {
			throw new IOException(command + " failed: " + reply);
		}
		Map<String, Long> values = new LinkedHashMap<>();
		for (String word : reply.split(" ")) {
			int eq = word.indexOf('=');
			if (eq > 0) {
				values.put(word.substring(0, eq), Long.parseLong(word.substring(eq + 1)));
			}
		}
		return values;
	}

	private String readReply() throws IOException {
		String line;
		while ((line = this.out.readLine()) != null) {
			if (line.startsWith("@bench ")) {
				return line.substring("@bench ".length());
			}
		}
		return "FAILED the process ended (see " + this.log + ")";
	}

	long processId() {
		return this.pid;
	}

	/** User plus system CPU time of the whole process, in clock ticks ({@code /proc/<pid>/stat} fields 14 and 15). */
	long cpuTicks() throws IOException {
		return cpuTicks(this.pid);
	}

	/** System CPU time of the whole process, in clock ticks ({@code /proc/<pid>/stat} field 15). */
	long systemTicks() throws IOException {
		return statFields(this.pid)[12];
	}

	/** User plus system CPU time of a process, in clock ticks. */
	static long cpuTicks(long pid) throws IOException {
		long[] fields = statFields(pid);
		return fields[11] + fields[12];
	}

	/**
	 * One thread's kind, its user plus system CPU time in clock ticks, from {@code /proc/<pid>/task/<tid>/stat}, and
	 * its time on a CPU in nanoseconds, from {@code /proc/<pid>/task/<tid>/schedstat} (-1 where the kernel has no
	 * schedstat). Kinds: the event loops ({@code loop}), the HTTP workers, poller and acceptor ({@code http}), the
	 * console's sampler and stream senders and the event-stream senders ({@code console}; the console workload's page
	 * stand-in in the runner), the load generator ({@code generator}), the admin lister and the HTTP clients
	 * ({@code lister}), the garbage collector ({@code gc}), the JIT compilers ({@code jit}) and everything else
	 * ({@code other}).
	 */
	record ThreadTicks(String kind, long ticks, long nanos) {

		/**
		 * CPU ticks of one kind (every kind when null) between two readings of {@link #of}, thread by thread: a
		 * thread that started since counts from zero, one that ended since is missing (its last ticks are lost).
		 */
		static long delta(Map<Integer, ThreadTicks> before, Map<Integer, ThreadTicks> after, String kind) {
			return delta(before, after, kind, ThreadTicks::ticks);
		}

		/**
		 * Like {@link #delta}, in nanoseconds on a CPU: exact, where ticks are 10 ms apart (3 ticks are 1 % of a loop
		 * busy for a 3 s window); -1 when the kernel keeps no schedstat.
		 */
		static long runtimeNanos(Map<Integer, ThreadTicks> before, Map<Integer, ThreadTicks> after, String kind) {
			boolean missing = after.values().stream().anyMatch((thread) -> thread.nanos() < 0);
			return missing ? -1 : delta(before, after, kind, ThreadTicks::nanos);
		}

		private static long delta(Map<Integer, ThreadTicks> before, Map<Integer, ThreadTicks> after, String kind,
				ToLongFunction<ThreadTicks> counter) {
			long sum = 0;
			for (Map.Entry<Integer, ThreadTicks> thread : after.entrySet()) {
				ThreadTicks now = thread.getValue();
				if (kind == null || kind.equals(now.kind())) {
					ThreadTicks then = before.get(thread.getKey());
					sum += counter.applyAsLong(now)
							- ((then != null && then.kind().equals(now.kind())) ? counter.applyAsLong(then) : 0);
				}
			}
			return sum;
		}

		/** The kinds present in a reading. */
		static Set<String> kinds(Map<Integer, ThreadTicks> reading) {
			Set<String> kinds = new TreeSet<>();
			reading.values().forEach((thread) -> kinds.add(thread.kind()));
			return kinds;
		}

		/** Every thread of a process, by thread id. */
		static Map<Integer, ThreadTicks> of(long pid) throws IOException {
			Map<Integer, ThreadTicks> threads = new HashMap<>();
			try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
				for (Path task : (Iterable<Path>) tasks::iterator) {
					String stat;
					long nanos;
					try {
						stat = Files.readString(task.resolve("stat"));
						nanos = schedstatNanos(task);
					}
					catch (IOException ex) {
						continue; // the thread ended while listing
					}
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					long[] fields = statFields(stat);
					long cpu = fields[11] + fields[12];
					threads.put(Integer.parseInt(task.getFileName().toString()),
							new ThreadTicks(threadKind(name), cpu, nanos));
				}
			}
			return threads;
		}

	}

	/** The first field of a thread's {@code schedstat}: its time on a CPU, ns; -1 without schedstat. */
	private static long schedstatNanos(Path task) throws IOException {
		Path schedstat = task.resolve("schedstat");
		if (!Files.exists(schedstat) && Files.isDirectory(task)) {
			return -1;
		}
		String text = Files.readString(schedstat).trim();
		return Long.parseLong(text.substring(0, text.indexOf(' ')));
	}

	private static String threadKind(String name) {
		for (String[] kind : THREAD_KINDS) {
			for (int i = 1; i < kind.length; i++) {
				if (name.startsWith(kind[i])) {
					return kind[0];
				}
			}
		}
		return "other";
	}

	/** Each row: a thread kind, then the prefixes of the thread names (at most 15 characters) it covers. */
	private static final String[][] THREAD_KINDS = { { "loop", "epoll-loop" }, { "http", "http-", "https-" },
			{ "console", "console-", "sse-subscriber" }, { "generator", "load-generator" },
			{ "lister", "admin-lister", "HttpClient" }, { "gc", "GC ", "VM Thread", "G1 " }, { "jit", "C1 ", "C2 " } };

	/** utime and stime of {@code /proc/<pid>/stat} (fields 14 and 15), at index field - 3; the rest is left 0. */
	private static long[] statFields(long pid) throws IOException {
		return statFields(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
	}

	/** The same fields of the text of a {@code stat} file, a process's or one of its threads'. */
	private static long[] statFields(String stat) {
		// the command name (field 2) may hold spaces: count fields after its closing parenthesis
		String[] words = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
		long[] fields = new long[13];
		for (int i = 11; i <= 12; i++) {
			fields[i] = Long.parseLong(words[i]);
		}
		return fields;
	}

	/** Resident memory in bytes ({@code VmRSS} of {@code /proc/<pid>/status}). */
	long residentBytes() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(this.pid), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return 1024 * Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
			}
		}
		throw new IOException("no VmRSS for " + this.pid);
	}

	/** Asks a bench server to quit (or ends the process), waits a moment, then forces it. */
	@Override
	public void close() {
		try {
			if (this.benchServer && this.process.isAlive()) {
				this.in.write("QUIT\n");
				this.in.flush();
			}
		}
		catch (IOException ex) {
			// it is gone already
		}
		try {
			if (!this.benchServer || !this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroy();
				if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
