package dev.epollgateway.engine;

import dev.epollgateway.engine.nativeio.Epoll;
import dev.epollgateway.engine.nativeio.EpollEventArray;
import dev.epollgateway.engine.nativeio.NativeIoException;
import dev.epollgateway.engine.nativeio.Sockets;

/**
 * The epoll backend: one epoll instance, {@code epoll_ctl} for add, modify and remove, {@code epoll_wait} into a
 * preallocated {@code epoll_event} array; the kernel returns only the ready fds. Every trigger mode.
 * <p>
 * Threading: loop thread only (see {@link ReadinessBackend}).
 */
final class EpollBackend implements ReadinessBackend {

	private final int epfd;

	private final EpollEventArray readyList;

	private final EpollEventArray ctlEvent = new EpollEventArray(1);

	EpollBackend(int maxEvents) throws NativeIoException {
		this.epfd = Epoll.create();
		this.readyList = new EpollEventArray(maxEvents);
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
		return KernelInterestList.compare(loop, this.epfd, table);
	}

	@Override
	public void close() {
		Sockets.close(this.epfd);
		this.readyList.close();
		this.ctlEvent.close();
	}

}
