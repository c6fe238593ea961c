package dev.epollgateway.engine.nativeio;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Direct-mapped libc functions. Internal to this package: everything above it speaks Java types.
 * <p>
 * Pointers are passed as {@code long} addresses (no {@code Structure}, no buffer marshalling on the hot path).
 * {@code size_t}/{@code ssize_t} are {@code long} (LP64). After a call returns {@code -1} the caller reads errno with
 * {@code Native.getLastError()} before any other native call. No method declares {@code LastErrorException}: it
 * would throw on every {@code EAGAIN}.
 */
final class LibC {

	static {
		Native.register(LibC.class, Platform.C_LIBRARY_NAME);
	}

	private LibC() {
	}

	static native int epoll_create1(int flags);

	static native int epoll_ctl(int epfd, int op, int fd, long event);

	static native int epoll_wait(int epfd, long events, int maxevents, int timeout);

	/** {@code nfds} is an {@code nfds_t} ({@code unsigned long}). */
	static native int poll(long fds, long nfds, int timeout);

	/** The sets are {@code fd_set *} and the timeout a {@code struct timeval *}, each 0 for NULL. */
	static native int select(int nfds, long readfds, long writefds, long exceptfds, long timeout);

	static native int socket(int domain, int type, int protocol);

	static native int setsockopt(int fd, int level, int optname, long optval, int optlen);

	static native int getsockopt(int fd, int level, int optname, long optval, long optlen);

	static native int bind(int fd, long addr, int addrlen);

	static native int listen(int fd, int backlog);

	static native int accept4(int fd, long addr, long addrlen, int flags);

	static native long read(int fd, long buf, long count);

	static native long write(int fd, long buf, long count);

	static native long send(int fd, long buf, long len, int flags);

	static native int shutdown(int fd, int how);

	static native int close(int fd);

	static native int dup(int fd);

	static native int eventfd(int initval, int flags);

	static native int getsockname(int fd, long addr, long addrlen);

	static native int getpeername(int fd, long addr, long addrlen);

	static native long memcpy(long dest, long src, long n);

	static native String strerror(int errnum);

	static native int gettid();

	static native int getpriority(int which, int who);

	static native int setpriority(int which, int who, int prio);

	/** {@code param} is a {@code struct sched_param}: one {@code int}, the static priority. */
	static native int sched_setscheduler(int pid, int policy, int[] param);

	static native int sched_getscheduler(int pid);

}
