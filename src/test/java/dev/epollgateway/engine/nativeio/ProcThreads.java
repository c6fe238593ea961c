package dev.epollgateway.engine.nativeio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * This JVM's threads as the kernel sees them in {@code /proc/self/task}: their names ({@code comm}, at most 15
 * characters), nice values and scheduling policies, read independently of {@link ThreadPriority}.
 */
public final class ProcThreads {

	private ProcThreads() {
	}

	/** Field 19 of {@code /proc/self/task/<tid>/stat}: the thread's nice value. */
	public static int nice(int tid) {
		return statField(tid, 19);
	}

	/** Field 41 of {@code /proc/self/task/<tid>/stat}: the thread's scheduling policy (5 is {@code SCHED_IDLE}). */
	public static int policy(int tid) {
		return statField(tid, 41);
	}

	private static int statField(int tid, int field) {
		String stat = read(Path.of("/proc/self/task", Integer.toString(tid), "stat"));
		// the name (field 2) may contain spaces and parentheses: count fields after its closing ')'
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
		return Integer.parseInt(fields[field - 3]);
	}

	/** Thread id to kernel thread name ({@code comm}) of every thread of this process. */
	public static Map<Integer, String> names() {
		Map<Integer, String> names = new LinkedHashMap<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			tasks.forEach((task) -> {
				try {
					names.put(Integer.parseInt(task.getFileName().toString()), read(task.resolve("comm")).strip());
				}
				catch (UncheckedIOException ex) {
					// the thread ended while we listed
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return names;
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
