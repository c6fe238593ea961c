package dev.epollgateway.engine;

import dev.epollgateway.engine.nativeio.Epoll;
import dev.epollgateway.engine.nativeio.Errno;
import dev.epollgateway.engine.nativeio.NativeIoException;

/**
 * One loop's move to another readiness backend: a new, empty backend is given the loop's wake-up eventfd, its
 * listener (while it is watched) and every connection with the mask it is registered with now; only when every add
 * succeeded does the loop take it. A failed move leaves the loop on its backend, with nothing changed.
 * <p>
 * Threading: loop thread only, between two batches (a command), so no readiness of the old backend is left to
 * dispatch. Data already waiting on a socket is not lost by the move: poll and select are level-triggered and report
 * it on their first wait, and {@code EPOLL_CTL_ADD} reports a socket that is ready when it is added.
 */
final class BackendMove {

	private BackendMove() {
	}

	/**
	 * How many of the loop's fds a backend of this kind could not watch (select: those at or above
	 * {@code FD_SETSIZE}).
	 */
	static int unwatchable(BackendKind target, int wakeupFd, int listenerFd, ConnectionTable table) {
		int[] count = { 0 };
		if (!Backends.canWatch(target, wakeupFd)) {
			count[0]++;
		}
		if (listenerFd >= 0 && !Backends.canWatch(target, listenerFd)) {
			count[0]++;
		}
		table.forEach((connection) -> {
			if (!connection.closed && !Backends.canWatch(target, connection.fd)) {
				count[0]++;
			}
		});
		return count[0];
	}

	/**
	 * A new backend of this kind holding every registration of the loop.
	 * @param listenerFd the listener, or -1 while it is not watched (paused, resting, closed)
	 * @return the new backend; the caller owns it
	 * @throws IllegalStateException when the backend cannot be created or an add fails (nothing is left open)
	 */
	static ReadinessBackend build(BackendKind target, int maxEvents, int wakeupFd, int listenerFd,
			Connection[] connections) {
		ReadinessBackend next;
		try {
			next = Backends.create(target, maxEvents);
		}
		catch (NativeIoException ex) {
			throw new IllegalStateException("Cannot create the " + target.tag() + " backend: " + ex.getMessage(), ex);
		}
		try {
			add(next, wakeupFd, Epoll.EPOLLIN, EventLoop.TAG_WAKEUP);
			if (listenerFd >= 0) {
				add(next, listenerFd, Epoll.EPOLLIN, EventLoop.TAG_LISTENER);
			}
			for (Connection connection : connections) {
				if (!connection.closed) {
					// The mask InterestMask computed for the connection's present state: the new backend reports what
					// the old one would have.
					add(next, connection.fd, connection.interest, connection.id);
				}
			}
			return next;
		}
		catch (RuntimeException ex) {
			next.close();
			throw ex;
		}
	}

	private static void add(ReadinessBackend backend, int fd, int mask, long data) {
		int rc = backend.add(fd, mask, data);
		if (rc < 0) {
			throw new IllegalStateException(Errno.exception(backend.kind().tag() + " add of fd " + fd, -rc));
		}
	}

}
