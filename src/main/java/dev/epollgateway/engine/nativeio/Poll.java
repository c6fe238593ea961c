package dev.epollgateway.engine.nativeio;

/**
 * {@code poll(2)}: its constants and the call. The event bits are the same numbers as epoll's ({@code POLLIN} is
 * {@code EPOLLIN}, and so on), so a mask computed for epoll means the same to poll once the mode bits are dropped.
 * <p>
 * Threading: a thread-safe system call; each {@link PollFdArray} belongs to one thread.
 */
public final class Poll {

	public static final int POLLIN = 0x001;

	public static final int POLLPRI = 0x002;

	public static final int POLLOUT = 0x004;

	public static final int POLLERR = 0x008;

	public static final int POLLHUP = 0x010;

	public static final int POLLNVAL = 0x020;

	public static final int POLLRDHUP = 0x2000;

	private Poll() {
	}

	/**
	 * {@code poll} over the array's entries. An interrupted call ({@code EINTR}) reports nothing rather than being
	 * retried, so the caller recomputes its timeout.
	 * @return the number of entries with a non-zero {@code revents} (0 after {@code EINTR}), or {@code -errno}
	 */
	public static int wait(PollFdArray fds, int timeoutMillis) {
		int ready = Errno.result(LibC.poll(fds.address(), fds.count(), timeoutMillis));
		return (ready == -Errno.EINTR) ? 0 : ready;
	}

}
