package dev.epollgateway.engine;

import java.util.List;

import dev.epollgateway.engine.nativeio.Epoll;
import dev.epollgateway.engine.nativeio.Errno;
import dev.epollgateway.engine.nativeio.NativeIoException;

/**
 * One loop's move to another readiness backend: a new, empty backend is given the loop's wake-up eventfd, every
 * listener registration of its {@link Acceptor} (its own listener and, while the socket is shared, the duplicate of the
 * shared one; none while accepting is paused, resting or closed), each with its mask, and every connection with the mask it is registered with now; only when every add
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
	static int unwatchable(BackendKind target, int wakeupFd, List<Acceptor.ListenerRegistration> listeners,
			ConnectionTable table) {
		int[] count = { 0 };
		if (!Backends.canWatch(target, wakeupFd)) {
			count[0]++;
		}
		for (Acceptor.ListenerRegistration listener : listeners) {
			if (!Backends.canWatch(target, listener.fd())) {
				count[0]++;
			}
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
	 * @param listeners the acceptor's listener registrations ({@link Acceptor#registrations}), each added with its
	 * mask and tag; {@code EPOLLEXCLUSIVE} is kept only for epoll, where it is legal because this is an
	 * {@code EPOLL_CTL_ADD} (the engine refuses poll and select under the exclusive distribution, so it is not
	 * dropped in practice)
	 * @return the new backend; the caller owns it
	 * @throws IllegalStateException when the backend cannot be created or an add fails (nothing is left open)
	 */
	static ReadinessBackend build(BackendKind target, int maxEvents, int wakeupFd,
			List<Acceptor.ListenerRegistration> listeners, Connection[] connections) {
		ReadinessBackend next;
		try {
			next = Backends.create(target, maxEvents);
		}
		catch (NativeIoException ex) {
			throw new IllegalStateException("Cannot create the " + target.tag() + " backend: " + ex.getMessage(), ex);
		}
		try {
			add(next, wakeupFd, Epoll.EPOLLIN, EventLoop.TAG_WAKEUP);
			for (Acceptor.ListenerRegistration listener : listeners) {
				add(next, listener.fd(), listenerMask(target, listener.mask()), listener.tag());
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

	/** A listener's mask on the target backend: {@code EPOLLEXCLUSIVE} means something to epoll only. */
	static int listenerMask(BackendKind target, int mask) {
		return (target == BackendKind.EPOLL) ? mask : mask & ~Epoll.EPOLLEXCLUSIVE;
	}

	private static void add(ReadinessBackend backend, int fd, int mask, long data) {
		int rc = backend.add(fd, mask, data);
		if (rc < 0) {
			throw new IllegalStateException(Errno.exception(backend.kind().tag() + " add of fd " + fd, -rc));
		}
	}

}
