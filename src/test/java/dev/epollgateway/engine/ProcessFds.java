package dev.epollgateway.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Open file descriptors of this process, from {@code /proc/self/fd}.
 */
final class ProcessFds {

	private static final Path FDS = Path.of("/proc/self/fd");

	private static final Set<String> ENGINE_KINDS = Set.of("socket", "anon_inode:[eventpoll]", "anon_inode:[eventfd]");

	private ProcessFds() {
	}

	/** All open fds (the listing's own directory fd counts the same every time). */
	static long count() throws IOException {
		try (Stream<Path> fds = Files.list(FDS)) {
			return fds.count();
		}
	}

	/**
	 * Open fds of the kinds the engine opens, by kind: {@code socket}, {@code anon_inode:[eventpoll]} and
	 * {@code anon_inode:[eventfd]}. Unlike {@link #count()}, the rest of the JVM (a jar opened to load a class,
	 * a file read and closed) does not move it.
	 */
	static Map<String, Long> engineKinds() throws IOException {
		try (Stream<Path> fds = Files.list(FDS)) {
			return fds.map(ProcessFds::target)
				.map(ProcessFds::kind)
				.filter(ENGINE_KINDS::contains)
				.collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
		}
	}

	private static String kind(String target) {
		return target.startsWith("socket:") ? "socket" : target;
	}

	private static String target(Path fd) {
		try {
			return Files.readSymbolicLink(fd).toString();
		}
		catch (IOException ex) {
			// Closed between the listing and the read.
			return "";
		}
	}

}
