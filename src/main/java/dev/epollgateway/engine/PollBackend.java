package dev.epollgateway.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.epollgateway.engine.nativeio.Epoll;
import dev.epollgateway.engine.nativeio.Poll;
import dev.epollgateway.engine.nativeio.PollFdArray;

/**
 * The poll backend: every watched fd in one compact {@code struct pollfd} array handed whole to {@code poll(2)} on
 * every wait, and scanned whole to find the ready entries. An fd's index in the array is kept per fd, so add,
 * modify and remove are O(1): removing moves the last entry into the hole. Level-triggered only: the mode bits of a
 * mask are dropped (the engine refuses the other modes on this backend).
 * <p>
 * Threading: loop thread only (see {@link ReadinessBackend}).
 */
final class PollBackend implements ReadinessBackend {

	/** The bits of an epoll mask that mean the same to poll. */
	static final int WATCHABLE = Poll.POLLIN | Poll.POLLOUT | Poll.POLLRDHUP;

	private final PollFdArray fds;

	/** The registration's data, by array index. */
	private long[] dataByIndex;

	/** The array index plus one, by fd; 0 where the fd is not watched. */
	private int[] indexByFd = new int[1024];

	private int handed;

	PollBackend(int initialCapacity) {
		this.fds = new PollFdArray(initialCapacity);
		this.dataByIndex = new long[this.fds.capacity()];
	}

	@Override
	public BackendKind kind() {
		return BackendKind.POLL;
	}

	@Override
	public int add(int fd, int mask, long data) {
		if (fd < 0) {
			return Epoll.CTL_BAD_FD;
		}
		if (indexOf(fd) >= 0) {
			return Epoll.CTL_ALREADY_WATCHED;
		}
		int index = this.fds.add(fd, mask & WATCHABLE);
		if (index >= this.dataByIndex.length) {
			this.dataByIndex = Arrays.copyOf(this.dataByIndex, this.fds.capacity());
		}
		this.dataByIndex[index] = data;
		if (fd >= this.indexByFd.length) {
			this.indexByFd = Arrays.copyOf(this.indexByFd, Math.max(fd + 1, this.indexByFd.length * 2));
		}
		this.indexByFd[fd] = index + 1;
		return 0;
	}

	@Override
	public int modify(int fd, int mask, long data) {
		int index = indexOf(fd);
		if (index < 0) {
			return Epoll.CTL_NOT_WATCHED;
		}
		this.fds.setEvents(index, mask & WATCHABLE);
		this.dataByIndex[index] = data;
		return 0;
	}

	@Override
	public void remove(int fd) {
		int index = indexOf(fd);
		if (index < 0) {
			return;
		}
		int moved = this.fds.swapRemove(index);
		if (moved >= 0) {
			this.dataByIndex[index] = this.dataByIndex[this.fds.count()];
			this.indexByFd[moved] = index + 1;
		}
		this.indexByFd[fd] = 0;
	}

	@Override
	public void removeClosing(int fd) {
		remove(fd);
	}

	@Override
	public boolean canWatch(int fd) {
		return true;
	}

	@Override
	public int wait(int timeoutMillis) {
		this.handed = this.fds.count();
		return Poll.wait(this.fds, timeoutMillis);
	}

	@Override
	public int handedLastWait() {
		return this.handed;
	}

	/**
	 * Scans from the last entry down: a handler that closes its connection moves the last entry (already scanned, its
	 * {@code revents} cleared) into the hole, and a connection accepted in the batch is appended with nothing
	 * reported, so no entry is handed over twice or missed.
	 */
	@Override
	public int dispatch(int ready, ReadySink sink) {
		PollFdArray array = this.fds;
		int found = 0;
		int scanned = 0;
		for (int i = array.count() - 1; i >= 0 && found < ready; i--) {
			scanned++;
			int revents = array.revents(i);
			if (revents == 0) {
				continue;
			}
			array.clearRevents(i);
			found++;
			// POLLNVAL (an fd closed behind the array's back) is an error like any other.
			int events = ((revents & Poll.POLLNVAL) != 0) ? (revents & ~Poll.POLLNVAL) | Epoll.EPOLLERR : revents;
			sink.onReady(events, this.dataByIndex[i]);
		}
		return scanned;
	}

	@Override
	public int capacity() {
		// poll reports every ready entry of the array at once: it never fills up.
		return Integer.MAX_VALUE;
	}

	/** Compares the pollfd array with the connection table: the same connections, with the same events. */
	@Override
	public InterestList.Loop interestList(int loop, ConnectionTable table) {
		Map<Long, Integer> arrayByData = new HashMap<>();
		Map<String, Long> arrayByMask = new TreeMap<>();
		for (int i = 0; i < this.fds.count(); i++) {
			if (this.dataByIndex[i] >= 0) {
				arrayByData.put(this.dataByIndex[i], this.fds.events(i));
				arrayByMask.merge(InterestMask.label(this.fds.events(i)), 1L, Long::sum);
			}
		}
		Map<String, Long> registeredByMask = new TreeMap<>();
		boolean[] agrees = { arrayByData.size() == table.size() };
		table.forEach((connection) -> {
			registeredByMask.merge(InterestMask.label(connection.interest), 1L, Long::sum);
			Integer events = arrayByData.get(connection.id);
			int index = indexOf(connection.fd);
			if (events == null || events != (connection.interest & WATCHABLE) || index < 0
					|| this.dataByIndex[index] != connection.id) {
				agrees[0] = false;
			}
		});
		return new InterestList.Loop(loop, -1, registeredByMask, arrayByMask, this.fds.count(), agrees[0]);
	}

	/** Entries in the array now. */
	int watched() {
		return this.fds.count();
	}

	private int indexOf(int fd) {
		return (fd >= 0 && fd < this.indexByFd.length) ? this.indexByFd[fd] - 1 : -1;
	}

	@Override
	public void close() {
		this.fds.close();
	}

}
