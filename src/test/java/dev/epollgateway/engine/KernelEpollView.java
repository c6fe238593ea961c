package dev.epollgateway.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's own view of an epoll instance of this process, parsed by the test from
 * {@code /proc/self/fdinfo/<epfd>} (one {@code tfd:} line per registration): an independent check of what the engine
 * says it registered.
 */
final class KernelEpollView {

	static final int EPOLLIN = 0x001;

	static final int EPOLLOUT = 0x004;

	static final int EPOLLRDHUP = 0x2000;

	static final int EPOLLONESHOT = 0x40000000;

	static final int EPOLLET = 0x80000000;

	private static final Pattern TFD = Pattern
		.compile("tfd:\\s*(\\d+)\\s+events:\\s*([0-9a-fA-F]+)\\s+data:\\s*([0-9a-fA-F]+)");

	private KernelEpollView() {
	}

	/** Registrations by target fd. */
	static Map<Integer, Entry> read(int epfd) throws IOException {
		Map<Integer, Entry> entries = new LinkedHashMap<>();
		for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + epfd))) {
			Matcher matcher = TFD.matcher(line);
			if (matcher.find()) {
				int tfd = Integer.parseInt(matcher.group(1));
				entries.put(tfd, new Entry(tfd, Integer.parseUnsignedInt(matcher.group(2), 16),
						Long.parseUnsignedLong(matcher.group(3), 16)));
			}
		}
		return entries;
	}

	/** The mode bits a trigger mode puts on a connection's registration. */
	static int modeBits(TriggerMode mode) {
		return switch (mode) {
			case LEVEL -> 0;
			case EDGE -> EPOLLET;
			case ONESHOT -> EPOLLET | EPOLLONESHOT;
		};
	}

	/**
	 * One registration as the kernel reports it.
	 *
	 * @param tfd the registered fd
	 * @param events its mask (a fired ONESHOT registration keeps only its private bits)
	 * @param data its {@code epoll_data}
	 */
	record Entry(int tfd, int events, long data) {

		int modeBits() {
			return this.events & (EPOLLET | EPOLLONESHOT);
		}

		@Override
		public String toString() {
			return "tfd " + this.tfd + " events 0x" + Integer.toHexString(this.events) + " data 0x"
					+ Long.toHexString(this.data);
		}

	}

}
