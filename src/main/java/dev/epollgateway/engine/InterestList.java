package dev.epollgateway.engine;

import java.util.List;
import java.util.Map;

/**
 * What each loop's epoll instance watches: the engine's own record of every registration and, independently, the
 * kernel's view from {@code /proc/self/fdinfo/<epfd>}.
 *
 * @param loops one entry per event loop
 */
public record InterestList(List<Loop> loops) {

	/**
	 * @param loop the loop's index
	 * @param epfd the epoll file descriptor
	 * @param registeredByMask connection registrations as the engine recorded them, counted by mask (names joined
	 * with {@code |})
	 * @param kernelByMask connection registrations as the kernel reports them, counted the same way
	 * @param kernelEntries every registration the kernel reports, the listener and the eventfd included
	 * @param agrees whether the kernel's mask equals the engine's for every connection
	 */
	public record Loop(int loop, int epfd, Map<String, Long> registeredByMask, Map<String, Long> kernelByMask,
			int kernelEntries, boolean agrees) {
	}

}
