package dev.epollgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The context switches of the gateway's event-loop threads (named {@value #LOOP_THREAD_PREFIX}{@code <i>} by
 * {@code EpollEngine}), from {@code /proc/<pid>/task/<tid>/status}: the accept storm's second witness of the herd. A
 * loop woken for a connection another loop has already accepted may never return from {@code epoll_wait} (the
 * kernel re-checks the listener's readiness, finds nothing and puts the thread back to sleep), so the loop's own
 * wakeup counter does not see it; the thread's voluntary context switches do.
 * <p>
 * Threading: stateless; called from the runner's control thread.
 */
final class LoopSwitches {

	static final String LOOP_THREAD_PREFIX = "epoll-loop-";

	private LoopSwitches() {
	}

	/**
	 * One thread's context switches so far.
	 * @param voluntary it blocked (in {@code epoll_wait}, here)
	 * @param involuntary the scheduler took the core from it
	 */
	record Switches(long voluntary, long involuntary) {

		Switches minus(Switches earlier) {
			return new Switches(this.voluntary - earlier.voluntary, this.involuntary - earlier.involuntary);
		}

	}

	/**
	 * Every loop thread of a process by its name ({@code epoll-loop-0} ...); threads that end while listed are left
	 * out.
	 */
	static Map<String, Switches> of(long pid) throws IOException {
		Map<String, Switches> loops = new TreeMap<>();
		try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
			for (Path task : (Iterable<Path>) tasks::iterator) {
				String status;
				try {
					status = Files.readString(task.resolve("status"));
				}
				catch (IOException ex) {
					continue;
				}
				String name = field(status, "Name");
				if (name != null && name.startsWith(LOOP_THREAD_PREFIX)) {
					loops.put(name, parse(status));
				}
			}
		}
		return loops;
	}

	/** The switches in the text of a {@code status} file. */
	static Switches parse(String status) {
		return new Switches(Long.parseLong(field(status, "voluntary_ctxt_switches")),
				Long.parseLong(field(status, "nonvoluntary_ctxt_switches")));
	}

	/** The switches between two readings, thread by thread, summed (a thread missing from either is left out). */
	static Switches delta(Map<String, Switches> before, Map<String, Switches> after) {
		long voluntary = 0;
		long involuntary = 0;
		for (Map.Entry<String, Switches> thread : after.entrySet()) {
			Switches then = before.get(thread.getKey());
			if (then != null) {
				Switches d = thread.getValue().minus(then);
				voluntary += d.voluntary();
				involuntary += d.involuntary();
			}
		}
		return new Switches(voluntary, involuntary);
	}

	/** The value of a {@code Key:\tvalue} line, trimmed; null when there is none. */
	private static String field(String status, String key) {
		for (String line : status.split("\n")) {
			if (line.startsWith(key + ":")) {
				return line.substring(key.length() + 1).trim();
			}
		}
		return null;
	}

}
