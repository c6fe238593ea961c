package dev.epollgateway.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Open file descriptors of this process, from {@code /proc/self/fd}.
 */
final class ProcessFds {

	private static final Path FDS = Path.of("/proc/self/fd");

	private ProcessFds() {
	}

	/** All open fds (the listing's own directory fd counts the same every time). */
	static long count() throws IOException {
		try (Stream<Path> fds = Files.list(FDS)) {
			return fds.count();
		}
	}

	/** Open fds that are sockets. */
	static long sockets() throws IOException {
		try (Stream<Path> fds = Files.list(FDS)) {
			return fds.filter(ProcessFds::isSocket).count();
		}
	}

	private static boolean isSocket(Path fd) {
		try {
			return Files.readSymbolicLink(fd).toString().startsWith("socket:");
		}
		catch (IOException ex) {
			// Closed between the listing and the read.
			return false;
		}
	}

}
