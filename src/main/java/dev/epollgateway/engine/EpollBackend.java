package dev.epollgateway.engine;

import dev.epollgateway.engine.nativeio.Epoll;
import dev.epollgateway.engine.nativeio.EpollEventArray;
import dev.epollgateway.engine.nativeio.NativeIoException;
import dev.epollgateway.engine.nativeio.Sockets;

/**
 * The epoll backend: one epoll instance, {@code epoll_ctl} for add, modify and remove, {@code epoll_wait} into a
 * preallocated {@code epoll_event} array; the kernel returns only the ready fds. Every trigger mode.
 * <p>
 * Under {@link Topology#SHARED_EPOLL} each loop has its own backend over the one instance of {@link SharedEpoll}
 * (its own event array and {@code epoll_ctl} scratch, so the threads share nothing in user space); such a view
 * does not close the instance.
 * <p>
 * Threading: loop thread only (see {@link ReadinessBackend}); the kernel object may be shared.
 */
final class EpollBackend implements ReadinessBackend {

	private final int epfd;

	/** Whether {@link #close()} closes the epoll instance (false for a view of a shared one). */
	private final boolean ownsInstance;

	private final EpollEventArray readyList;

	private final EpollEventArray ctlEvent = new EpollEventArray(1);

	EpollBackend(int maxEvents) throws NativeIoException {
		this(Epoll.create(), true, maxEvents);
	}

	private EpollBackend(int epfd, boolean ownsInstance, int maxEvents) {
		this.epfd = epfd;
		this.ownsInstance = ownsInstance;
		this.readyList = new EpollEventArray(maxEvents);
	}

	/** A backend over an epoll instance someone else owns and closes. */
	static EpollBackend viewOf(int epfd, int maxEvents) {
		return new EpollBackend(epfd, false, maxEvents);
	}

	@Override
	public BackendKind kind() {
		return BackendKind.EPOLL;
	}

	@Override
	public int add(int fd, int mask, long data) {
		return Epoll.ctl(this.epfd, Epoll.EPOLL_CTL_ADD, fd, mask, data, this.ctlEvent);
	}

	@Override
	public int modify(int fd, int mask, long data) {
		return Epoll.ctl(this.epfd, Epoll.EPOLL_CTL_MOD, fd, mask, data, this.ctlEvent);
	}

	@Override
	public void remove(int fd) {
		Epoll.ctl(this.epfd, Epoll.EPOLL_CTL_DEL, fd, 0, 0, this.ctlEvent);
	}

	@Override
	public void removeClosing(int fd) {
		// close(2) takes the fd out of the interest list (no dup of it exists).
	}

	@Override
	public boolean canWatch(int fd) {
		return true;
	}

	@Override
	public int wait(int timeoutMillis) {
		return Epoll.wait(this.epfd, this.readyList, timeoutMillis);
	}

	@Override
	public int handedLastWait() {
		return 0;
	}

	@Override
	public int dispatch(int ready, ReadySink sink) {
		EpollEventArray events = this.readyList;
		for (int i = 0; i < ready; i++) {
			sink.onReady(events.events(i), events.data(i));
		}
		return Math.max(0, ready);
	}

	@Override
	public int capacity() {
		return this.readyList.capacity();
	}

	@Override
	public InterestList.Loop interestList(int loop, ConnectionTable table) {
		return KernelInterestList.compare(loop, this.epfd, table, !this.ownsInstance);
	}

	@Override
	public void close() {
		if (this.ownsInstance) {
			Sockets.close(this.epfd);
		}
		this.readyList.close();
		this.ctlEvent.close();
	}

}
