package dev.epollgateway.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's own view of an epoll interest list, from {@code /proc/self/fdinfo/<epfd>}: one line per registration,
 * <pre>
 * tfd:        9 events:     2019 data:               11  pos:0 ino:1a2b sdev:8
 * </pre>
 * with the mask and the {@code epoll_data} in hex. An independent check that what the engine believes it registered
 * is what the kernel holds.
 */
final class KernelInterestList {

	/**
	 * One registration as the kernel reports it.
	 *
	 * @param fd the watched descriptor
	 * @param events its mask (the kernel adds {@code EPOLLERR|EPOLLHUP}; a fired oneshot keeps only its mode bits)
	 * @param data its {@code epoll_data}
	 */
	record Entry(int fd, int events, long data) {
	}

	private KernelInterestList() {
	}

	/** Parses {@code /proc/self/fdinfo/<epfd>}; empty when it cannot be read. */
	static List<Entry> read(int epfd) {
		List<Entry> entries = new ArrayList<>();
		List<String> lines;
		try {
			lines = Files.readAllLines(Path.of("/proc/self/fdinfo/" + epfd));
		}
		catch (IOException ex) {
			return entries;
		}
		for (String line : lines) {
			if (line.startsWith("tfd:")) {
				entries.add(parse(line));
			}
		}
		return entries;
	}

	static Entry parse(String line) {
		String[] tokens = line.trim().split("\\s+");
		int fd = 0;
		int events = 0;
		long data = 0;
		for (int i = 0; i + 1 < tokens.length; i++) {
			switch (tokens[i]) {
				case "tfd:" -> fd = Integer.parseInt(tokens[i + 1]);
				case "events:" -> events = (int) Long.parseLong(tokens[i + 1], 16);
				case "data:" -> data = Long.parseUnsignedLong(tokens[i + 1], 16);
				default -> {
				}
			}
		}
		return new Entry(fd, events, data);
	}

	/** Compares the engine's record of a loop's connections with the kernel's. Loop thread only. */
	static InterestList.Loop compare(int loop, int epfd, ConnectionTable table) {
		return compare(loop, epfd, table, false);
	}

	/**
	 * Compares the engine's record of a loop's connections with the kernel's.
	 * @param sharedInstance the instance holds every loop's connections (shared epoll): only this loop's are compared
	 */
	static InterestList.Loop compare(int loop, int epfd, ConnectionTable table, boolean sharedInstance) {
		List<Entry> kernel = read(epfd);
		if (sharedInstance) {
			kernel = kernel.stream().filter((entry) -> entry.data() >= 0 && table.get(entry.data()) != null).toList();
		}
		Map<Long, Integer> kernelByData = new HashMap<>();
		Map<String, Long> kernelByMask = new TreeMap<>();
		for (Entry entry : kernel) {
			if (entry.data() >= 0) {
				int mask = entry.events() & ~InterestMask.ALWAYS_REPORTED;
				kernelByData.put(entry.data(), mask);
				kernelByMask.merge(InterestMask.label(mask), 1L, Long::sum);
			}
		}
		Map<String, Long> registeredByMask = new TreeMap<>();
		boolean[] agrees = { kernelByData.size() == table.size() };
		table.forEach((connection) -> {
			registeredByMask.merge(InterestMask.label(connection.interest), 1L, Long::sum);
			Integer mask = kernelByData.get(connection.id);
			if (mask == null || mask != connection.interest) {
				agrees[0] = false;
			}
		});
		return new InterestList.Loop(loop, epfd, registeredByMask, kernelByMask, kernel.size(), agrees[0]);
	}

}
