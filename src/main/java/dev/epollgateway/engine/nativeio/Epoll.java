package dev.epollgateway.engine.nativeio;

import java.util.Locale;

/**
 * epoll: the constants, the three calls, and an availability façade so that a system without epoll fails fast with
 * one clear sentence.
 * <p>
 * Threading: the calls are thread-safe system calls; each {@link EpollEventArray} belongs to one thread.
 */
public final class Epoll {

	public static final int EPOLLIN = 0x001;

	public static final int EPOLLPRI = 0x002;

	public static final int EPOLLOUT = 0x004;

	public static final int EPOLLERR = 0x008;

	public static final int EPOLLHUP = 0x010;

	public static final int EPOLLRDHUP = 0x2000;

	public static final int EPOLLEXCLUSIVE = 1 << 28;

	public static final int EPOLLONESHOT = 1 << 30;

	public static final int EPOLLET = 1 << 31;

	public static final int EPOLL_CTL_ADD = 1;

	public static final int EPOLL_CTL_DEL = 2;

	public static final int EPOLL_CTL_MOD = 3;

	/**
	 * What {@link #ctl} returns for an fd that is already in the interest list ({@code -EEXIST}); the poll and select
	 * backends answer the same mistakes with the same results, so the loop reads every backend alike.
	 */
	public static final int CTL_ALREADY_WATCHED = -Errno.EEXIST;

	/** What {@link #ctl} returns for an fd that is not in the interest list ({@code -ENOENT}). */
	public static final int CTL_NOT_WATCHED = -Errno.ENOENT;

	/** What {@link #ctl} returns for an invalid fd ({@code -EBADF}). */
	public static final int CTL_BAD_FD = -Errno.EBADF;

	/** What {@link #ctl} returns for an fd it cannot watch ({@code -EINVAL}; select's fds at or above FD_SETSIZE). */
	public static final int CTL_CANNOT_WATCH = -Errno.EINVAL;

	static final int EPOLL_CLOEXEC = 0x80000;

	private static final String UNAVAILABILITY_CAUSE = probe(System.getProperty("os.name", "unknown"));

	private Epoll() {
	}

	/** Whether epoll can be used in this process. */
	public static boolean isAvailable() {
		return UNAVAILABILITY_CAUSE == null;
	}

	/** Why epoll cannot be used, one sentence; null when it can. */
	public static String unavailabilityCause() {
		return UNAVAILABILITY_CAUSE;
	}

	/**
	 * Throws with the cause when epoll cannot be used.
	 * @throws UnsupportedOperationException with one sentence
	 */
	public static void ensureAvailability() {
		if (UNAVAILABILITY_CAUSE != null) {
			throw new UnsupportedOperationException(UNAVAILABILITY_CAUSE);
		}
	}

	/**
	 * {@code epoll_create1(EPOLL_CLOEXEC)}.
	 * @return the epoll file descriptor
	 */
	public static int create() throws NativeIoException {
		return Errno.check("epoll_create1", Errno.result(LibC.epoll_create1(EPOLL_CLOEXEC)));
	}

	/**
	 * {@code epoll_ctl} with an event built in the caller's scratch array at index 0.
	 * @return 0, or {@code -errno}
	 */
	public static int ctl(int epfd, int op, int fd, int events, long data, EpollEventArray scratch) {
		scratch.put(0, events, data);
		return Errno.result(LibC.epoll_ctl(epfd, op, fd, scratch.address()));
	}

	/**
	 * {@code epoll_wait} into the array. An interrupted wait ({@code EINTR}) reports no events rather than being
	 * retried, so the caller goes round its loop and recomputes its timeout.
	 * @return the number of ready events (0 after {@code EINTR}), or {@code -errno} for a broken epoll instance
	 */
	public static int wait(int epfd, EpollEventArray events, int timeoutMillis) {
		int ready = Errno.result(LibC.epoll_wait(epfd, events.address(), events.capacity(), timeoutMillis));
		return (ready == -Errno.EINTR) ? 0 : ready;
	}

	/** The names of the bits set in an events mask, for example {@code [EPOLLIN, EPOLLRDHUP, EPOLLET]}. */
	public static java.util.List<String> names(int mask) {
		java.util.List<String> names = new java.util.ArrayList<>(6);
		addIf(names, mask, EPOLLIN, "EPOLLIN");
		addIf(names, mask, EPOLLPRI, "EPOLLPRI");
		addIf(names, mask, EPOLLOUT, "EPOLLOUT");
		addIf(names, mask, EPOLLERR, "EPOLLERR");
		addIf(names, mask, EPOLLHUP, "EPOLLHUP");
		addIf(names, mask, EPOLLRDHUP, "EPOLLRDHUP");
		addIf(names, mask, EPOLLEXCLUSIVE, "EPOLLEXCLUSIVE");
		addIf(names, mask, EPOLLONESHOT, "EPOLLONESHOT");
		addIf(names, mask, EPOLLET, "EPOLLET");
		return names;
	}

	private static void addIf(java.util.List<String> names, int mask, int bit, String name) {
		if ((mask & bit) != 0) {
			names.add(name);
		}
	}

	/** Why epoll cannot be used on a system of this name, or null when it can. */
	static String probe(String os) {
		if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
			return "epoll-gateway needs Linux: epoll is not available on " + os + ".";
		}
		try {
			int epfd = Errno.result(LibC.epoll_create1(EPOLL_CLOEXEC));
			if (epfd < 0) {
				return "epoll-gateway cannot create an epoll instance: " + Errno.describe(-epfd) + ".";
			}
			LibC.close(epfd);
			return null;
		}
		catch (LinkageError ex) {
			return "epoll-gateway cannot load the C library through JNA: " + ex.getMessage() + ".";
		}
	}

}
