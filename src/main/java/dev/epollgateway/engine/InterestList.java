package dev.epollgateway.engine;

import java.util.List;
import java.util.Map;

/**
 * What each loop's backend watches: the engine's own record of every registration and, independently, the
 * backend's: on epoll the kernel's view from {@code /proc/self/fdinfo/<epfd>}; on poll the loop's
 * {@code struct pollfd} array; on select its {@code fd_set} bitmaps (read and write interest only).
 *
 * @param loops one entry per event loop
 */
public record InterestList(List<Loop> loops) {

	/**
	 * @param loop the loop's index
	 * @param epfd the epoll file descriptor; -1 on poll and select
	 * @param registeredByMask connection registrations as the engine recorded them, counted by mask (names joined
	 * with {@code |})
	 * @param kernelByMask connection registrations as the kernel (epoll) or the pollfd array or bitmaps (poll, select)
	 * hold them, counted the same way
	 * @param kernelEntries every registration held there, the listener and the eventfd included
	 * @param agrees whether that mask equals the engine's for every connection
	 */
	public record Loop(int loop, int epfd, Map<String, Long> registeredByMask, Map<String, Long> kernelByMask,
			int kernelEntries, boolean agrees) {
	}

}
