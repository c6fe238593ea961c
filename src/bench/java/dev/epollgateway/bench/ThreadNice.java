package dev.epollgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.sun.jna.Native;

/**
 * The Linux nice value of this process's threads, chosen by name, {@code setpriority(PRIO_PROCESS, tid, nice)}. The
 * lister stands in for a client on another machine, but shares the runner's core with the open-loop sender: at a
 * lower priority it takes that core's spare time and cannot make the sender late.
 * <p>
 * Threading: any thread; each call sets the threads that exist at the time (a thread inherits its creator's value).
 */
final class ThreadNice {

	private static final int PRIO_PROCESS = 0;

	private static final boolean AVAILABLE = register();

	private ThreadNice() {
	}

	/**
	 * Sets the nice value of every thread of this process whose name (its first 15 characters) matches.
	 * @return the threads set; -1 when the binding is missing
	 */
	static int set(Predicate<String> names, int nice) throws IOException {
		if (!AVAILABLE) {
			return -1;
		}
		int set = 0;
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			for (Path task : (Iterable<Path>) tasks::iterator) {
				String name;
				try {
					name = Files.readString(task.resolve("comm")).trim();
				}
				catch (IOException ex) {
					continue; // the thread ended while listing
				}
				if (names.test(name)
						&& setpriority(PRIO_PROCESS, Integer.parseInt(task.getFileName().toString()), nice) == 0) {
					set++;
				}
			}
		}
		return set;
	}

	private static boolean register() {
		try {
			Native.register(ThreadNice.class, "c");
			return true;
		}
		catch (LinkageError ex) {
			BenchRunner.log("thread nice values not settable: " + ex);
			return false;
		}
	}

	private static native int setpriority(int which, int who, int prio);

}
